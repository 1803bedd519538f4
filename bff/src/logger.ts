import pino, { type Logger } from 'pino';

/** JSON logs on stdout; secrets are redacted wherever they might appear. */
export function createLogger(level: string, options: { name?: string } = {}): Logger {
  return pino({
    name: options.name ?? 'calorie-bank-bff',
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        '*.authorization',
        '*.password',
        '*.token',
        '*.sessionKey',
        '*.session_key',
        '*.appPrivateKey',
        '*.jwtSecret',
      ],
      censor: '[redacted]',
    },
  });
}
