import { randomBytes } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { DailyLeaderboardResponse, LeaderboardEntry } from '@calorie-bank/shared';
import type { Metrics } from '../metrics.js';
import { DatabaseBoard } from '../db/boards.js';
import { placeFrom, READY, withBoardScripts, type BoardScripts, type RedisClient } from './board-scripts.js';
import { encodeScore, memberFor, stepsFromScore, userIdFromMember } from './score.js';

/** A board is cached for eight days after it was first built. */
const BOARD_TTL_SECONDS = 8 * 24 * 3600;
const BUILD_LOCK_MS = 15_000;
const BUILD_WAIT_MS = 2_000;
const ZADD_BATCH = 1_000;

/** A board as read, before the likes are added to it (they always come from the database). */
export type BoardRead = Omit<DailyLeaderboardResponse, 'entries' | 'me'> & {
  entries: LeaderboardEntry[];
  me: { rank: number; steps: number } | null;
};

export interface BoardEntry {
  date: string;
  scope: string;
  userId: string;
  steps: number;
  reachedAt: number;
}

/**
 * Daily leaderboards: one Redis sorted set per day and scope, built from the database on first
 * read and kept current by every sync after its commit. Both sides only ever raise a score, so
 * a build and concurrent syncs converge on the database's truth in any order. Without Redis,
 * or while it fails, boards are read from the database and say so in `source`.
 */
export class DailyLeaderboard {
  private readonly board: DatabaseBoard;
  /** Boards whose cache missed a write while Redis failed; dropped once Redis answers again. */
  private readonly stale = new Set<string>();
  private readonly redis: (RedisClient & BoardScripts) | null;
  private readonly names = new LRUCache<string, string>({ max: 100_000, ttl: 60_000 });
  /**
   * The top of each board as last read, for up to `topPageTtlMs`: a popular board is read far
   * more often than it changes, so readers within that window fetch only their own place. A
   * sync through this process drops its board's pages at once; others show within the window.
   */
  private readonly topPages: LRUCache<string, Map<number, LeaderboardEntry[]>> | null;

  constructor(
    database: ConstructorParameters<typeof DatabaseBoard>[0],
    redis: RedisClient | null,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    options: { topPageTtlMs?: number } = {},
  ) {
    this.board = new DatabaseBoard(database);
    const ttl = options.topPageTtlMs ?? 1000;
    this.topPages = ttl > 0 ? new LRUCache({ max: 1000, ttl }) : null;
    this.redis = redis ? withBoardScripts(redis) : null;
    redis?.on('ready', () => {
      this.dropStaleBoards().catch((error: unknown) => this.logger.warn({ err: error }, 'could not drop stale leaderboards'));
    });
  }

  /** Keys of one board; the hash tag keeps a board and its lock in one cluster slot. */
  private keys(date: string, scope: string): [board: string, lock: string] {
    const tag = `{lb:${date}:${scope}}`;
    return [tag, `${tag}:build`];
  }

  /**
   * Records a committed day's best on the board and answers the user's 1-based rank. A board
   * not built yet is built first (a sync means the board is in use), so the rank comes from the
   * cache rather than from a count over the day's rows; null only when the cache failed.
   */
  async record(entry: BoardEntry): Promise<number | null> {
    if (!this.redis) return null;
    const [board, lock] = this.keys(entry.date, entry.scope);
    try {
      if (this.stale.size > 0) await this.dropStaleBoards();
      this.topPages?.delete(board);
      const score = encodeScore(entry.date, entry.steps, entry.reachedAt);
      const member = memberFor(entry.userId);
      let rank = await this.redis.boardRecord(board, lock, score, member);
      if (rank < 0 && (await this.build(entry.date, entry.scope))) rank = await this.redis.boardRecord(board, lock, score, member);
      return rank >= 0 ? rank + 1 : null;
    } catch (error) {
      this.stale.add(board);
      this.metrics.cacheErrors.inc({ operation: 'record' });
      this.logger.warn({ err: error, board }, 'leaderboard cache write failed; the board will be rebuilt');
      return null;
    }
  }

  /** The user's rank from the database, for when the cache could not say. */
  async rankFromDatabase(date: string, scope: string, userId: string): Promise<number | null> {
    return (await this.board.rankOf(date, scope, userId))?.rank ?? null;
  }

  /** The top of a board straight from the database, the source of truth: for day-end snapshots. */
  async topFromDatabase(date: string, scope: string, limit: number) {
    return this.board.top(date, scope, limit);
  }

  /** Whether the user has an entry on a board, read from the database (the source of truth). */
  hasEntry(date: string, scope: string, userId: string): Promise<boolean> {
    return this.board.hasEntry(date, scope, userId);
  }

  /** Whether a scope names an existing board (the global one, or an existing community's or campaign's). */
  scopeExists(scope: string): Promise<boolean> {
    return this.board.scopeExists(scope);
  }

  /** Takes a user off a board (they left its community); a failed cache write marks the board stale. */
  async remove(date: string, scope: string, userId: string): Promise<void> {
    if (!this.redis) return;
    const [board] = this.keys(date, scope);
    try {
      this.topPages?.delete(board);
      await this.redis.zrem(board, memberFor(userId));
    } catch (error) {
      this.stale.add(board);
      this.metrics.cacheErrors.inc({ operation: 'remove' });
      this.logger.warn({ err: error, board }, 'leaderboard cache removal failed; the board will be rebuilt');
    }
  }

  async read(query: { date: string; scope: string; limit: number; userId: string }): Promise<BoardRead> {
    const cached = this.redis ? await this.readCache(query) : null;
    if (cached) {
      this.metrics.leaderboardReads.inc({ source: 'cache' });
      return cached;
    }
    this.metrics.leaderboardReads.inc({ source: 'database' });
    const [entries, me] = await Promise.all([this.board.top(query.date, query.scope, query.limit), this.board.rankOf(query.date, query.scope, query.userId)]);
    return {
      date: query.date,
      scope: query.scope,
      entries: entries.map((entry, index) => ({ rank: index + 1, ...entry })),
      me,
      source: 'database',
    };
  }

  /** Reads a built board from Redis, building it first if missing; null means "use the database". */
  private async readCache(query: { date: string; scope: string; limit: number; userId: string }): Promise<BoardRead | null> {
    const redis = this.redis!;
    const [board] = this.keys(query.date, query.scope);
    try {
      if (this.stale.size > 0) await this.dropStaleBoards();
      const page = this.topPages?.get(board)?.get(query.limit);
      if (page) {
        const mine = await redis.boardMe(board, memberFor(query.userId));
        if (mine) {
          return { date: query.date, scope: query.scope, entries: page, me: placeFrom(...mine), source: 'cache' };
        }
      }
      let snapshot = await this.snapshot(board, query.limit, query.userId);
      if (!snapshot) {
        if (!(await this.build(query.date, query.scope))) return null;
        snapshot = await this.snapshot(board, query.limit, query.userId);
        if (!snapshot) return null;
      }
      const names = await this.nicknames(snapshot.top.map(([member]) => userIdFromMember(member)));
      const entries = snapshot.top.map(([member, score], index) => {
        const userId = userIdFromMember(member);
        return { rank: index + 1, userId, nickname: names.get(userId) ?? '', steps: stepsFromScore(score) };
      });
      if (this.topPages) {
        const pages = this.topPages.get(board) ?? new Map<number, LeaderboardEntry[]>();
        pages.set(query.limit, entries);
        this.topPages.set(board, pages);
      }
      return { date: query.date, scope: query.scope, entries, me: snapshot.me, source: 'cache' };
    } catch (error) {
      this.metrics.cacheErrors.inc({ operation: 'read' });
      this.logger.warn({ err: error, board, redis: redis.status }, 'leaderboard cache read failed; serving from the database');
      return null;
    }
  }

  /** One round trip: readiness, the top of the board and the caller's place. Null if the board is not built. */
  private async snapshot(board: string, limit: number, userId: string) {
    const reply = await this.redis!.boardSnapshot(board, limit + 1, memberFor(userId));
    if (!reply) return null;
    const [packed, rank, score] = reply;
    const fields = packed.length > 0 ? packed.split(' ') : [];
    const top: [string, number][] = [];
    // The READY marker scores lowest, so asking for limit + 1 still yields `limit` real entries.
    for (let index = 0; index < fields.length && top.length < limit; index += 2) {
      if (fields[index] !== READY) top.push([fields[index], Number(fields[index + 1])]);
    }
    return { top, me: placeFrom(rank, score) };
  }

  /**
   * Builds a board from the database under a lock, so that many readers of a missing board cause
   * one build. A reader that finds the lock taken waits briefly for the builder, then gives up
   * and reads the database itself. Answers whether the board is ready.
   */
  private async build(date: string, scope: string): Promise<boolean> {
    const redis = this.redis!;
    const [board, lock] = this.keys(date, scope);
    const token = randomBytes(8).toString('hex');
    const acquired = await redis.set(lock, token, 'PX', BUILD_LOCK_MS, 'NX');
    if (acquired !== 'OK') {
      const deadline = Date.now() + BUILD_WAIT_MS;
      while (Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        if ((await redis.zscore(board, READY)) !== null) return true;
      }
      return false;
    }
    try {
      let count = 0;
      for await (const page of this.board.all(date, scope)) {
        for (let start = 0; start < page.length; start += ZADD_BATCH) {
          const args = page
            .slice(start, start + ZADD_BATCH)
            .flatMap((row) => [encodeScore(date, row.steps, row.reachedAt), memberFor(row.userId)]);
          await redis.zadd(board, 'GT', ...args);
        }
        count += page.length;
      }
      await redis.multi().zadd(board, -1, READY).expire(board, BOARD_TTL_SECONDS).exec();
      this.metrics.leaderboardBuilds.inc();
      this.logger.info({ board, entries: count }, 'leaderboard built from the database');
      return true;
    } finally {
      await redis.boardRelease(lock, token);
    }
  }

  private async nicknames(userIds: string[]): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const id of userIds) {
      const name = this.names.get(id);
      if (name === undefined) missing.push(id);
      else names.set(id, name);
    }
    for (const [id, name] of await this.board.nicknames(missing)) {
      this.names.set(id, name);
      names.set(id, name);
    }
    return names;
  }

  /** Forgets a cached nickname after the user changed it. */
  forgetNickname(userId: string): void {
    this.names.delete(userId);
  }

  /** Forgets every cached nickname (after this process may have missed a change made by another). */
  forgetAllNicknames(): void {
    this.names.clear();
  }

  /** Deletes boards that missed writes, so that the next read rebuilds them from the database. */
  private async dropStaleBoards(): Promise<void> {
    const boards = [...this.stale];
    if (boards.length === 0 || !this.redis) return;
    for (const board of boards) {
      await this.redis.del(board);
      this.stale.delete(board);
    }
    this.logger.info({ boards }, 'dropped leaderboard caches that missed writes');
  }
}
