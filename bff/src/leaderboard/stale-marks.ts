import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import { clearStaleBoard, markStaleBoard, staleBoards } from '../db/stale-boards.js';
import { BOARD_TTL_SECONDS } from './board-builds.js';
import type { BoardScripts, RedisClient } from './board-scripts.js';

/** How long after a failed drop the marks wait before the next try, unless Redis reports ready. */
const RETRY_MS = 1000;
/** How many drops one settle runs while keys keep being marked again. */
const MAX_ROUNDS = 3;

/** One cached key's mark as this process holds it. */
interface Mark {
  versionKey: string;
  /** Grows with every mark: a drop forgets the mark only if no mark came while it ran. */
  count: number;
  /** The database holds this mark, as far as this process knows (it wrote it since Redis was last ready). */
  stored: boolean;
}

/**
 * Cached board keys that missed a committed write while Redis failed. Each mark is kept in this
 * process and in the database, so that it outlives the process: the keys are dropped (and so
 * rebuilt from the database) by whichever process next starts or reaches Redis again, this one
 * before its next cache write or read. A drop clears only the marks it saw: a key marked again
 * while its drop ran (here or in another process) stays marked and is dropped again.
 */
export class StaleMarks {
  private readonly marks = new Map<string, Mark>();
  /** Settles once the marks found in the database at start were dropped (or could not be). */
  private readonly recovered: Promise<void>;
  private recoveredDone = false;
  /** The drop under way, shared by every caller that waits for it. */
  private dropping: Promise<void> | null = null;
  /** When the last drop failed; the next waits for Redis to report ready or for `RETRY_MS`. */
  private failedAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly db: DataSource,
    private readonly redis: RedisClient & BoardScripts,
    private readonly logger: Logger,
  ) {
    this.recovered = redis.status === 'ready' ? this.dropAllLogged() : Promise.resolve();
    this.recovered.then(
      () => (this.recoveredDone = true),
      () => undefined,
    );
  }

  /** Whether `settle` has nothing to wait for: a read may skip it (and the promise it makes). */
  get idle(): boolean {
    return this.recoveredDone && this.marks.size === 0;
  }

  /** Marks `key` (of the board whose version key is `versionKey`) stale. */
  async mark(key: string, versionKey: string): Promise<void> {
    let mark = this.marks.get(key);
    // Marked already, and written to the database while Redis has not been back since: nothing to add.
    if (mark && mark.versionKey === versionKey && mark.stored && this.dropping === null) return;
    if (!mark) {
      mark = { versionKey, count: 0, stored: false };
      this.marks.set(key, mark);
    }
    mark.versionKey = versionKey;
    mark.stored = false;
    const count = ++mark.count;
    try {
      await markStaleBoard(this.db, key, versionKey, Date.now());
      if (mark.count === count) mark.stored = true;
    } catch (error) {
      this.logger.warn({ err: error, key }, 'could not keep the stale leaderboard mark in the database; this process alone holds it');
    }
  }

  /**
   * Before a cache write or read: the marks found at start are dropped, and this process's own.
   * While marks wait for Redis, it fails without a try: until Redis reports ready, and for
   * `RETRY_MS` after a failed drop.
   */
  async settle(): Promise<void> {
    await this.recovered;
    // A key marked again while a drop ran stays marked: another round drops it.
    for (let round = 0; this.marks.size > 0; round++) {
      const due = this.dropping !== null || (this.redis.status === 'ready' && Date.now() - this.failedAt >= RETRY_MS);
      if (!due || round === MAX_ROUNDS) throw new Error('stale leaderboards wait for Redis to be dropped');
      await this.dropAll();
    }
  }

  /** Drops every key marked stale, by this process or by any other, logging a failure (for the 'ready' event). */
  dropAllLogged(): Promise<void> {
    // Redis is back, maybe after a restart or failover: what was written before proves nothing now.
    for (const mark of this.marks.values()) mark.stored = false;
    this.failedAt = Number.NEGATIVE_INFINITY;
    return this.dropAll().catch((error: unknown) => this.logger.warn({ err: error }, 'could not drop stale leaderboards'));
  }

  private dropAll(): Promise<void> {
    this.dropping ??= this.dropEach().then(
      () => {
        this.dropping = null;
      },
      (error: unknown) => {
        this.dropping = null;
        this.failedAt = Date.now();
        throw error;
      },
    );
    return this.dropping;
  }

  private async dropEach(): Promise<void> {
    const stored = new Map((await staleBoards(this.db)).map((row) => [row.cacheKey, row]));
    for (const [key, mark] of this.marks) if (!stored.has(key)) mark.stored = false;
    for (const row of stored.values()) if (!this.marks.has(row.cacheKey)) this.marks.set(row.cacheKey, { versionKey: row.versionKey, count: 0, stored: true });
    if (this.marks.size === 0) return;
    const dropped = [...this.marks.keys()];
    for (const key of dropped) {
      const mark = this.marks.get(key)!;
      const count = mark.count;
      await this.redis.boardDrop(key, mark.versionKey, Date.now(), BOARD_TTL_SECONDS);
      if (this.marks.get(key) === mark && mark.count === count) this.marks.delete(key);
      const row = stored.get(key);
      if (row) await clearStaleBoard(this.db, key, row.marker);
    }
    this.logger.info({ keys: dropped }, 'dropped leaderboard caches that missed writes');
  }
}
