import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { clearStaleBoard, markStaleBoard, staleBoards } from '../db/stale-boards.js';
import { BOARD_TTL_SECONDS } from './board-builds.js';
import type { BoardScripts, RedisClient } from './board-scripts.js';

/**
 * Cached board keys that missed a committed write while Redis failed (key → its board's version
 * key). Each mark is kept in this process and in the database, so that it outlives the process:
 * the keys are dropped (and so rebuilt from the database) by whichever process next starts or
 * reaches Redis again, this one before its next cache write or read.
 */
export class StaleMarks {
  private readonly marks = new Map<string, string>();
  /** Settles once the marks found in the database at start were dropped (or could not be). */
  private readonly recovered: Promise<void>;

  constructor(
    private readonly db: DataSource,
    private readonly redis: RedisClient & BoardScripts,
    private readonly logger: Logger,
  ) {
    this.recovered = redis.status === 'ready' ? this.dropAllLogged() : Promise.resolve();
  }

  /** Marks `key` (of the board whose version key is `versionKey`) stale. */
  async mark(key: string, versionKey: string): Promise<void> {
    this.marks.set(key, versionKey);
    try {
      await markStaleBoard(this.db, key, versionKey, Date.now());
    } catch (error) {
      this.logger.warn({ err: error, key }, 'could not keep the stale leaderboard mark in the database; this process alone holds it');
    }
  }

  /** Before a cache write or read: the marks found at start are dropped, and this process's own. */
  async settle(): Promise<void> {
    await this.recovered;
    if (this.marks.size > 0) await this.dropAll();
  }

  /** Drops every key marked stale, by this process or by any other, logging a failure (for event handlers). */
  dropAllLogged(): Promise<void> {
    return this.dropAll().catch((error: unknown) => this.logger.warn({ err: error }, 'could not drop stale leaderboards'));
  }

  private async dropAll(): Promise<void> {
    for (const mark of await staleBoards(this.db)) this.marks.set(mark.cacheKey, mark.versionKey);
    if (this.marks.size === 0) return;
    const dropped = [...this.marks];
    for (const [key, version] of dropped) {
      await this.redis.boardDrop(key, version, Date.now(), BOARD_TTL_SECONDS);
      this.marks.delete(key);
      await clearStaleBoard(this.db, key);
    }
    this.logger.info({ keys: dropped.map(([key]) => key) }, 'dropped leaderboard caches that missed writes');
  }
}
