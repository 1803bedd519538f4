import type { DataSource } from 'typeorm';
import { execute, onConflictUpdate, runInTransaction } from './transaction.js';

/** Marks of cached board keys that missed a write (see migration 1765900000200). */

export interface StaleBoardMark {
  cacheKey: string;
  versionKey: string;
  /** `marked_at` as read: it changes on every mark, so a drop clears only the mark it read. */
  marker: number | string;
}

/**
 * Marks `cacheKey` stale, or marks it again: a repeated mark moves `marked_at` forward (to `now`,
 * or one past its value when that is not earlier), so a drop that read the older value keeps it.
 */
export async function markStaleBoard(db: DataSource, cacheKey: string, versionKey: string, now: number): Promise<void> {
  await runInTransaction(db, (manager) =>
    execute(
      manager,
      `INSERT INTO stale_boards (cache_key, version_key, marked_at) VALUES (?, ?, ?) ${onConflictUpdate(manager, 'cache_key')} ` +
        'version_key = ?, marked_at = CASE WHEN marked_at < ? THEN ? ELSE marked_at + 1 END',
      [cacheKey, versionKey, now, versionKey, now, now],
    ),
  );
}

export async function staleBoards(db: DataSource): Promise<StaleBoardMark[]> {
  const rows: { cache_key: string; version_key: string; marked_at: number | string }[] = await db.query('SELECT cache_key, version_key, marked_at FROM stale_boards');
  return rows.map((row) => ({ cacheKey: row.cache_key, versionKey: row.version_key, marker: row.marked_at }));
}

/** Clears the mark of `cacheKey` unless it was marked again since `marker` was read. */
export async function clearStaleBoard(db: DataSource, cacheKey: string, marker: number | string): Promise<void> {
  await runInTransaction(db, (manager) => execute(manager, 'DELETE FROM stale_boards WHERE cache_key = ? AND marked_at = ?', [cacheKey, marker]));
}
