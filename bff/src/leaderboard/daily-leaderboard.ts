import type { Logger } from 'pino';
import type { DataSource } from 'typeorm';
import type { DailyLeaderboardResponse, LeaderboardEntry } from '@calorie-bank/shared';
import type { Metrics } from '../metrics.js';
import { DatabaseBoard } from '../db/boards.js';
import { DatabaseOutage, isDatabaseFault } from './database-outage.js';
import { BOARD_TTL_SECONDS, buildBoard, buildLikes } from './board-builds.js';
import { boardKeys, READY, withBoardScripts, type BoardKeys, type BoardScripts, type RedisClient } from './board-scripts.js';
import { encodeScore, memberFor, stepsFromScore } from './score.js';
import { StaleMarks } from './stale-marks.js';
import { SharedPages } from './shared-pages.js';
import { BoardViews } from './board-views.js';
import { SHARED_PAGE_SIZE, type TopPage } from './top-pages.js';

/** How long a page's fan-member badges are reused before they are read again. */
const BADGES_TTL_MS = 10_000;

/** The end of a cached answer whose caller has no place on the board. */
const NO_PLACE_TAIL = ',"me":null,"source":"cache"}';
/** Boards of one day whose keys and answer heads are kept (scopes: the global board, communities, campaigns). */
const BOARD_REFS_PER_DAY = 2_000;

/** A board's keys and the opening bytes of its cached answers. */
interface BoardRef {
  keys: BoardKeys;
  head: Buffer;
}

/** A board as read from the database, before the likes are added to it. */
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

export interface BoardQuery {
  date: string;
  scope: string;
  limit: number;
  userId: string;
}

/**
 * Daily leaderboards: one Redis sorted set per day and scope, with a hash of its like counts,
 * both built from the database on first use and kept current by every sync and like after its
 * commit. The top of a board is serialized once per change version (kept in Redis for other
 * processes and in each process's memory); a read adds only the caller's own place and likes.
 * Without Redis, or while it fails, boards are read from the database and say so in `source`.
 * The freshness rule is in docs/boards.md.
 */
export class DailyLeaderboard {
  private readonly board: DatabaseBoard;
  /** Cached keys that missed a write while Redis failed, kept in the database too; dropped once Redis answers. */
  private readonly stale: StaleMarks | null;
  private readonly redis: (RedisClient & BoardScripts) | null;
  private readonly pages: SharedPages | null;
  private readonly views: BoardViews | null;
  /** Badges read before this moment may miss a membership bought since. */
  private badgesNotBefore = 0;
  /** A read of the database for nicknames or badges that just failed (see DatabaseOutage). */
  private readonly outage = new DatabaseOutage();
  private readonly membersAmong: ((userIds: string[]) => Promise<Set<string>>) | null;
  /** Boards' keys and answer heads by date, then scope (see `boardRef`). */
  private readonly refs = new Map<string, Map<string, BoardRef>>();
  /** Reads answered from the cache; the labelled child keeps prom-client from hashing the labels on each read. */
  private readonly cacheReads: { inc(): void };

  constructor(
    private readonly db: DataSource,
    redis: RedisClient | null,
    private readonly metrics: Metrics,
    private readonly logger: Logger,
    options: { topPageTtlMs?: number; membersAmong?: (userIds: string[]) => Promise<Set<string>> } = {},
  ) {
    this.membersAmong = options.membersAmong ?? null;
    this.cacheReads = metrics.leaderboardReads.labels({ source: 'cache' });
    this.board = new DatabaseBoard(db);
    this.redis = redis ? withBoardScripts(redis) : null;
    this.pages = this.redis ? new SharedPages(this.redis, this.board, logger, options.topPageTtlMs ?? 1000, this.outage) : null;
    this.views = this.redis ? new BoardViews(this.redis) : null;
    // Marks left by a process that ended while Redis failed are dropped before this one uses the cache.
    this.stale = this.redis ? new StaleMarks(db, this.redis, logger) : null;
    redis?.on('ready', () => {
      // Redis may come back empty, its versions started afresh: held pages prove nothing now.
      this.pages?.clear();
      void this.stale?.dropAllLogged();
    });
  }

  /**
   * Records a committed day's best on the board and answers the user's 1-based rank. A board
   * not built yet is built first (a sync means the board is in use), so the rank comes from the
   * cache rather than from a count over the day's rows; null only when the cache failed.
   */
  async record(entry: BoardEntry): Promise<number | null> {
    if (!this.redis) return null;
    const keys = boardKeys(entry.date, entry.scope);
    try {
      await this.stale?.settle();
      this.pages?.drop(keys.board);
      const score = encodeScore(entry.date, entry.steps, entry.reachedAt);
      const member = memberFor(entry.userId);
      const write = () => this.redis!.boardRecord(keys.board, keys.lock, keys.version, keys.writer(entry.userId), score, member, Date.now(), BOARD_TTL_SECONDS);
      let rank = await write();
      if (rank < 0 && (await this.buildBoard(keys, entry.date, entry.scope))) rank = await write();
      return rank >= 0 ? rank + 1 : null;
    } catch (error) {
      await this.markStale(keys.board, keys, 'record', error);
      return null;
    }
  }

  /**
   * Applies a committed like (`present`) or unlike of `entry` by `likerId`, numbered `seq` among
   * that pair's changes, to the cached counts; a change older than one already applied is ignored.
   */
  async recordLike(entry: { date: string; scope: string; userId: string }, likerId: string, change: { present: boolean; seq: number }): Promise<void> {
    if (!this.redis) return;
    const keys = boardKeys(entry.date, entry.scope);
    try {
      await this.stale?.settle();
      this.pages?.drop(keys.board);
      await this.redis.boardLike(keys.likes, keys.likesLock, keys.likesGeneration, keys.version, keys.writer(likerId), likerId, entry.userId, change.present ? '1' : '0', Date.now(), BOARD_TTL_SECONDS, change.seq);
    } catch (error) {
      await this.markStale(keys.likes, keys, 'like', error);
    }
  }

  /** Takes a user off a board (they left its community); a failed cache write marks the board stale. */
  async remove(date: string, scope: string, userId: string): Promise<void> {
    if (!this.redis) return;
    const keys = boardKeys(date, scope);
    try {
      this.pages?.drop(keys.board);
      await this.redis.boardRemove(keys.board, keys.version, memberFor(userId), Date.now(), BOARD_TTL_SECONDS);
    } catch (error) {
      await this.markStale(keys.board, keys, 'remove', error);
    }
  }

  /**
   * The board as the JSON of the contract's answer, from the cache: null when the cache cannot
   * answer (no Redis, Redis failing, or the board or its likes not built yet; see `prepare`).
   * One round trip for the caller's own place, likes and the board's version (shared with the
   * board's other readers of the moment, see BoardViews); the shared top comes from memory while
   * the version allows, else from Redis.
   */
  async readCached(query: BoardQuery): Promise<Buffer | null> {
    if (!this.views || !this.pages) return null;
    const { keys, head } = this.boardRef(query.date, query.scope);
    try {
      if (!this.stale?.idle) await this.stale?.settle();
      const view = await this.views!.view(keys, query.userId);
      if (!view || view[3] !== 1) return null;
      const [version, rank, score, , likes, likedIds, mark] = view;
      const size = Math.max(query.limit, SHARED_PAGE_SIZE);
      const writtenAt = mark ? Number(mark) : 0;
      const page = this.pages.heldPage(keys.board, size, Number(version), writtenAt) ?? (await this.pages.page(keys, size, Number(version), writtenAt));
      if (!page) return null;
      if (this.badgesDue(page)) await this.badges(page);
      this.cacheReads.inc();
      const entries = page.entriesJson(query.limit, likedIds);
      const tail = rank < 0 ? NO_PLACE_TAIL : `,"me":{"rank":${rank + 1},"steps":${stepsFromScore(Number(score))},"likes":${Number(likes)}},"source":"cache"}`;
      // One buffer of the answer's exact size: the head and entries are copied, the ASCII tail written.
      const answer = Buffer.allocUnsafe(head.length + entries.length + tail.length);
      head.copy(answer, 0);
      entries.copy(answer, head.length);
      answer.write(tail, head.length + entries.length, 'latin1');
      return answer;
    } catch (error) {
      this.metrics.cacheErrors.inc({ operation: 'read' });
      this.logger.warn({ err: error, board: keys.board }, 'leaderboard cache read failed; serving from the database');
      return null;
    }
  }

  /** A board's keys and its answer's opening bytes, made once per board rather than on every read. */
  private boardRef(date: string, scope: string): BoardRef {
    let byScope = this.refs.get(date);
    if (!byScope) {
      // Boards of past days are read rarely; dropping them all now and then keeps this small.
      if (this.refs.size >= 4) this.refs.clear();
      byScope = new Map();
      this.refs.set(date, byScope);
    }
    let ref = byScope.get(scope);
    if (!ref) {
      if (byScope.size >= BOARD_REFS_PER_DAY) byScope.clear();
      ref = { keys: boardKeys(date, scope), head: Buffer.from(`{"date":${JSON.stringify(date)},"scope":${JSON.stringify(scope)},"entries":`) };
      byScope.set(scope, ref);
    }
    return ref;
  }

  /** Builds a board and its likes in Redis if they are missing; answers whether both are ready (a database that does not answer throws). */
  async prepare(date: string, scope: string): Promise<boolean> {
    if (!this.redis) return false;
    const keys = boardKeys(date, scope);
    try {
      if ((await this.redis.zscore(keys.board, READY)) === null && !(await this.buildBoard(keys, date, scope))) return false;
      if ((await this.redis.hexists(keys.likes, READY)) === 1) return true;
      return await buildLikes(this.redis, this.db, keys, date, scope);
    } catch (error) {
      // The database not answering the build will not answer the board either: one wait is enough.
      if (isDatabaseFault(error)) throw error;
      this.metrics.cacheErrors.inc({ operation: 'build' });
      this.logger.warn({ err: error, board: keys.board }, 'leaderboard cache build failed; serving from the database');
      return false;
    }
  }

  /** The board straight from the database (without likes), for when the cache cannot answer. */
  async readDatabase(query: BoardQuery): Promise<BoardRead> {
    this.metrics.leaderboardReads.inc({ source: 'database' });
    const [entries, me] = await Promise.all([this.board.top(query.date, query.scope, query.limit), this.board.rankOf(query.date, query.scope, query.userId)]);
    return { date: query.date, scope: query.scope, entries: entries.map((entry, index) => ({ rank: index + 1, ...entry })), me, source: 'database' };
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

  /**
   * Forgets a cached nickname after the user changed it: this process's pages and any shared page
   * built before now are not used again, so the next read shows the new name.
   */
  forgetNickname(userId: string): void {
    this.pages?.forgetNickname(userId);
  }

  /** Reads the fan-member badges again on each page's next read (after a membership was bought here). */
  forgetBadges(): void {
    this.badgesNotBefore = Date.now();
  }

  /** Whether the page's fan-member badges are due to be read again (see `badges`). */
  private badgesDue(page: TopPage): boolean {
    return this.membersAmong !== null && page.badgesDue(Date.now(), BADGES_TTL_MS, this.badgesNotBefore);
  }

  /** Marks the page's fan members, read again at most every BADGES_TTL_MS; while that read fails, the last marks stand. */
  private async badges(page: TopPage): Promise<void> {
    if (!this.membersAmong || this.outage.recent) return;
    try {
      await page.refreshBadges(this.membersAmong, Date.now());
    } catch (error) {
      this.outage.note(error);
      this.logger.warn({ err: error }, 'could not read fan-member badges for a leaderboard page');
    }
  }

  /** Forgets every cached nickname (after this process may have missed a change made by another). */
  forgetAllNicknames(): void {
    this.pages?.forgetAllNicknames();
  }

  private async buildBoard(keys: BoardKeys, date: string, scope: string): Promise<boolean> {
    const built = await buildBoard(this.redis!, this.db, keys, date, scope);
    if (built.entries !== null) {
      this.metrics.leaderboardBuilds.inc();
      this.logger.info({ board: keys.board, entries: built.entries }, 'leaderboard built from the database');
    }
    return built.ready;
  }

  /** Marks a cached key that missed a committed write (see `StaleMarks`). */
  private async markStale(key: string, keys: BoardKeys, operation: string, error: unknown): Promise<void> {
    // The cache misses a write the database has: no held page may stand in for it, even briefly.
    this.pages?.clear();
    this.metrics.cacheErrors.inc({ operation });
    this.logger.warn({ err: error, key }, 'leaderboard cache write failed; it will be rebuilt');
    await this.stale?.mark(key, keys.version);
  }
}
