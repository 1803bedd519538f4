import type { AppConfig } from '@calorie-bank/config';
import type { Logger } from 'pino';
import { StartupError } from '../startup.js';
import { persistedSessionKey, sessionKeyDirectory } from './persisted-secret.js';

/**
 * Without JWT_SECRET (never in production, where it is required), keeps the generated session key
 * in the data directory, so a restart does not sign everyone out; says which key is in use.
 */
export function useKeptSessionKey(config: AppConfig, logger: Logger): void {
  if (!config.jwtSecretGenerated) return;
  const directory = sessionKeyDirectory(config);
  if (!directory) {
    logger.warn('JWT_SECRET is not set: using a random key, so sessions end when the process stops');
    return;
  }
  let kept: ReturnType<typeof persistedSessionKey>;
  try {
    kept = persistedSessionKey(directory);
  } catch (error) {
    throw new StartupError(
      `JWT_SECRET is not set and the session key in ${directory} cannot be used (${(error as Error).message}); set JWT_SECRET or DATA_DIR`,
      { cause: error },
    );
  }
  const { secret, path, created } = kept;
  config.jwtSecret = secret;
  logger.warn(
    { path },
    `JWT_SECRET is not set: using the session key ${created ? 'just written to' : 'kept in'} ${path}, so sessions survive restarts; set JWT_SECRET to choose the key`,
  );
}
