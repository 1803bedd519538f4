import { randomBytes } from 'node:crypto';
import type { AppConfig } from '@calorie-bank/config';
import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { keptSecret } from '../db/secrets.js';
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
    // On MySQL the key is kept in the database once it is open (keepSessionKeyInDatabase).
    if (config.database.type !== 'mysql') logger.warn('JWT_SECRET is not set: using a random key, so sessions end when the process stops');
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

/**
 * Without JWT_SECRET or a data directory on MySQL (never in production), keeps the generated
 * session key in the database, so that every BFF process on it signs and checks tokens with one
 * key and sessions survive restarts. Several processes starting at once agree on the first key stored.
 */
export async function keepSessionKeyInDatabase(config: AppConfig, db: DataSource, logger: Logger): Promise<void> {
  if (!config.jwtSecretGenerated || config.database.type !== 'mysql' || sessionKeyDirectory(config)) return;
  config.jwtSecret = await keptSecret(db.manager, 'session-key', randomBytes(32).toString('base64url'), Date.now());
  logger.warn('JWT_SECRET is not set: using the session key kept in the database, shared by every process on it; set JWT_SECRET to choose the key');
}
