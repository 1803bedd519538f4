import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AppConfig } from '@calorie-bank/config';

/**
 * Where a generated session key may be kept: the data directory when one is configured, or the
 * embedded SQLite database's directory. Nowhere for MySQL without a data directory: such a
 * deployment is shared or remote, and should set JWT_SECRET.
 */
export function sessionKeyDirectory(config: AppConfig): string | null {
  if (config.dataDir) return config.dataDir;
  const { database } = config;
  if (database.type === 'better-sqlite3' && database.database !== ':memory:') return dirname(database.database);
  return null;
}

/**
 * The session key kept in `<directory>/jwt-secret`, made on first use (readable by the owner
 * only), so that staff and users stay signed in across restarts of a deployment without
 * JWT_SECRET. Two processes starting at once agree on whichever key was written first.
 */
export function persistedSessionKey(directory: string): { secret: string; path: string; created: boolean } {
  const path = join(directory, 'jwt-secret');
  const read = () => {
    const secret = readFileSync(path, 'utf8').trim();
    if (secret.length < 32) throw new Error(`${path} holds no session key of at least 32 characters; delete it to make a new one`);
    // Tightened every start: a key others can read lets them sign in as anyone.
    chmodSync(path, 0o600);
    return secret;
  };
  try {
    return { secret: read(), path, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(directory, { recursive: true });
  try {
    writeFileSync(path, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { secret: read(), path, created: false };
  }
  return { secret: read(), path, created: true };
}
