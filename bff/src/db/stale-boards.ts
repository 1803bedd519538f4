import type { DataSource } from 'typeorm';
import { execute, insertIgnore, runInTransaction } from './transaction.js';

/** Marks of cached board keys that missed a write (see migration 1765900000200). */

export async function markStaleBoard(db: DataSource, cacheKey: string, versionKey: string, now: number): Promise<void> {
  await runInTransaction(db, (manager) =>
    execute(manager, `${insertIgnore(manager)} INTO stale_boards (cache_key, version_key, marked_at) VALUES (?, ?, ?)`, [cacheKey, versionKey, now]),
  );
}

export async function staleBoards(db: DataSource): Promise<{ cacheKey: string; versionKey: string }[]> {
  const rows: { cache_key: string; version_key: string }[] = await db.query('SELECT cache_key, version_key FROM stale_boards');
  return rows.map((row) => ({ cacheKey: row.cache_key, versionKey: row.version_key }));
}

export async function clearStaleBoard(db: DataSource, cacheKey: string): Promise<void> {
  await runInTransaction(db, (manager) => execute(manager, 'DELETE FROM stale_boards WHERE cache_key = ?', [cacheKey]));
}
