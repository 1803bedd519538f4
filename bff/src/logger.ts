import pino, { type Logger } from 'pino';

/** Field names whose values are secrets wherever they appear in a log object. */
const SECRET_FIELD = /authorization|cookie|passw(or)?d|pwd|token|secret|session_?key|private_?key|aes_?key|api_?key|^key$/i;

/** Fields of an error worth keeping: they identify it without carrying data. */
const ERROR_FIELDS = ['code', 'errno', 'sqlState', 'status', 'statusCode', 'expose', 'store'] as const;

/**
 * Driver messages quote the values they choke on ("Duplicate entry 'abc' for key 'uq_x'") and V8
 * quotes the text it could not parse: every quoted span goes, except the names of schema objects.
 */
const QUOTED = /(?<!\w|\b(?:key|column|table|database|constraint|index|operation|function|procedure|savepoint) )(['"`])(?:(?!\1)[^\\]|\\.)*\1/gi;

export function scrubText(text: string): string {
  return text.replace(QUOTED, '$1…$1');
}

const REDACTED = '[redacted]';
const MAX_DEPTH = 8;

/**
 * An error as a log line may show it: its kind, scrubbed message and stack, its codes, and its
 * causes. Everything else is left out on purpose: TypeORM's `query` and `parameters`, mysql2's
 * `sql` (with the values written in) and `sqlMessage`, HTTP clients' requests and responses.
 */
export function serializeError(error: Error, seen = new WeakSet<object>(), depth = 0): Record<string, unknown> {
  seen.add(error);
  const source = error as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = { type: error.name || error.constructor?.name || 'Error', message: scrubText(String(error.message ?? '')) };
  if (typeof error.stack === 'string') out.stack = scrubText(error.stack);
  for (const field of ERROR_FIELDS) {
    const value = source[field];
    if (['string', 'number', 'boolean'].includes(typeof value)) out[field] = typeof value === 'string' ? scrubText(value) : value;
  }
  for (const nested of ['cause', 'driverError'] as const) {
    if (source[nested] !== undefined) out[nested] = scrubValue(source[nested], seen, depth + 1);
  }
  if (Array.isArray(source.errors)) out.errors = scrubValue(source.errors, seen, depth + 1);
  seen.delete(error);
  return out;
}

/**
 * A copy of a logged value with every error serialized and every secret-named field redacted, at
 * any depth; class instances are walked like plain objects (their own fields), so none slips through whole.
 */
function scrubValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (seen.has(value)) return '[circular]';
  if (depth > MAX_DEPTH) return '[too deep]';
  if (value instanceof Error) return serializeError(value, seen, depth);
  if (value instanceof Date) return value;
  // Bytes say nothing a reader needs and may be key material.
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return '[binary]';
  // `seen` holds the ancestors only, so a value logged twice side by side is shown twice.
  seen.add(value);
  let out: unknown;
  if (Array.isArray(value)) out = value.map((item) => scrubValue(item, seen, depth + 1));
  else {
    out = Object.fromEntries(
      Object.entries(value).map(([key, item]) => [key, SECRET_FIELD.test(key) ? REDACTED : scrubValue(item, seen, depth + 1)]),
    );
  }
  seen.delete(value);
  return out;
}

function errorSerializer(value: unknown): unknown {
  return scrubValue(value, new WeakSet(), 0);
}

/**
 * JSON logs on stdout (or `destination`). Secrets are kept out three ways: fields named like a
 * secret are redacted at any depth, errors are reduced to what identifies them (see
 * `serializeError`), and a line whose message would be an error's own message gets it scrubbed.
 */
export function createLogger(level: string, options: { name?: string; destination?: pino.DestinationStream } = {}): Logger {
  return pino(
    {
      name: options.name ?? 'calorie-bank-bff',
      level,
      serializers: { err: errorSerializer, error: errorSerializer },
      formatters: { log: (object) => scrubValue(object, new WeakSet(), 0) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const [first, second] = args as unknown[];
          const error = first instanceof Error ? first : (first as { err?: unknown } | null)?.err;
          if (error instanceof Error && typeof second !== 'string') {
            return method.apply(this, [first as object, scrubText(error.message), ...(args.slice(1) as unknown[])]);
          }
          return method.apply(this, args);
        },
      },
      // A second net for the usual places, should a value reach the line unscrubbed.
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'authorization',
          'cookie',
          'password',
          'token',
          'secret',
          'sessionKey',
          'session_key',
          'appPrivateKey',
          'jwtSecret',
          'aesKey',
          '*.authorization',
          '*.cookie',
          '*.password',
          '*.token',
          '*.secret',
          '*.sessionKey',
          '*.session_key',
          '*.appPrivateKey',
          '*.appSecret',
          '*.jwtSecret',
          '*.aesKey',
          '*.parameters',
          '*.sql',
        ],
        censor: REDACTED,
      },
    },
    options.destination,
  );
}
