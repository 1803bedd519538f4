import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { DatabaseBoard } from '../db/boards.js';
import { DatabaseOutage } from './database-outage.js';
import type { BoardKeys, BoardScripts, RedisClient } from './board-scripts.js';
import { pageCache, SHARED_PAGE_SIZE, TopPage, unpackTop, type PageEntry } from './top-pages.js';

/** How long a shared page (and so a nickname on it) is reused at the same version. */
const NAMES_TTL_MS = 60_000;
/**
 * Nicknames kept for the shared pages: 100 per board, so 100 boards read within NAMES_TTL_MS each
 * find all theirs; a page of another board reads its missing names in one statement. lru-cache
 * allocates its arrays for `max` entries up front (100,000 took 5 MB of every process's memory).
 */
const NAMES_KEPT = 10_000;

/**
 * The tops of the boards this process reads, as shared pages: held in memory by board and size,
 * loaded from Redis (where the shared size is kept for every process) one load per page at a
 * time, and named from a nickname cache that falls back to the last shared page while the
 * database is out. The rule for when a held page may answer is in `page` and docs/boards.md.
 */
export class SharedPages {
  private readonly names = new LRUCache<string, string>({ max: NAMES_KEPT, ttl: NAMES_TTL_MS });
  private readonly pages = pageCache();
  private readonly loading = new Map<string, Promise<TopPage | null>>();
  /** Shared pages built before this moment hold a nickname that has since changed. */
  private namesNotBefore = 0;

  constructor(
    private readonly redis: RedisClient & BoardScripts,
    private readonly board: DatabaseBoard,
    private readonly logger: Logger,
    /** How long other users' changes may take to show on a page this process holds. */
    private readonly lagMs: number,
    private readonly outage: DatabaseOutage = new DatabaseOutage(),
  ) {}

  /** Drops the held pages of one board (after a write to it through this process). */
  drop(board: string): void {
    this.pages.delete(board);
  }

  /** Drops every held page (Redis came back, or missed a write). */
  clear(): void {
    this.pages.clear();
  }

  /** Forgets one user's cached nickname; no page held here or built before now is used again. */
  forgetNickname(userId: string): void {
    this.names.delete(userId);
    this.forgetPages();
  }

  /** Forgets every cached nickname (after this process may have missed a change made by another). */
  forgetAllNicknames(): void {
    this.names.clear();
    this.forgetPages();
  }

  private forgetPages(): void {
    this.pages.clear();
    this.namesNotBefore = Date.now();
  }

  /**
   * The held page of `size` entries when it may answer a reader who sees `version` and whose own
   * last write is `mark` (see `page`), without waiting: most reads end here.
   */
  heldPage(board: string, size: number, version: number, mark: number): TopPage | undefined {
    const held = this.pages.get(board)?.get(size);
    if (!held) return undefined;
    const age = Date.now() - held.builtAt;
    return age < NAMES_TTL_MS && (held.version === version || (age < this.lagMs && held.version >= mark)) ? held : undefined;
  }

  /**
   * A page of `size` entries good for a reader who sees `version` and whose own last write is
   * `mark`: the held page if it is of this version, or younger than the lag window and not
   * older than the reader's own write; otherwise one load per page at a time. A write through
   * this process drops its board's pages, so only writes through other processes can lag.
   */
  async page(keys: BoardKeys, size: number, version: number, mark: number): Promise<TopPage | null> {
    const fresh = this.heldPage(keys.board, size, version, mark);
    if (fresh) return fresh;
    const id = `${keys.board}|${size}`;
    const held = this.pages.get(keys.board)?.get(size);
    const now = Date.now();
    let pending = this.loading.get(id);
    // While another reader reloads the page, the held one serves whoever it is good enough for.
    if (pending && held && held.version >= mark && now - held.builtAt < NAMES_TTL_MS) return held;
    if (!pending) {
      pending = this.loadPage(keys, size).finally(() => this.loading.delete(id));
      this.loading.set(id, pending);
    }
    let page = await pending;
    // A load that started before this reader's own write does not show it: load again.
    if (page && page.version < mark) page = await this.loadPage(keys, size);
    if (page) this.pages.set(keys.board, (this.pages.get(keys.board) ?? new Map<number, TopPage>()).set(size, page));
    return page;
  }

  private async loadPage(keys: BoardKeys, size: number): Promise<TopPage | null> {
    const redis = this.redis;
    const shared = size === SHARED_PAGE_SIZE;
    const pageKey = shared ? keys.page : `${keys.page}:${size}`;
    let reply = await redis.boardTop(keys.board, keys.likes, keys.version, pageKey, size + 1, '0');
    if (!reply) return null;
    const previous = reply[1] ? TopPage.parse(reply[1]) : null;
    if (!reply[2]) {
      // The stored page is of this version: use it unless its names are due for a refresh.
      if (previous && Date.now() - previous.builtAt < NAMES_TTL_MS && previous.builtAt >= this.namesNotBefore) return previous;
      reply = await redis.boardTop(keys.board, keys.likes, keys.version, pageKey, size + 1, '1');
      if (!reply) return null;
    }
    const [version, , packed] = reply;
    const top = unpackTop(packed, size);
    const known = new Map(previous?.entries.map((entry) => [entry.userId, entry.nickname]));
    const { names, complete } = await this.nicknames(top.map((entry) => entry.userId), known);
    const entries: PageEntry[] = top.map((entry, index) => ({ rank: index + 1, userId: entry.userId, nickname: names.get(entry.userId) ?? '', steps: entry.steps, likes: entry.likes }));
    if (!complete) {
      // The database is out: names come from the last shared page; try again within seconds.
      return new TopPage(Number(version), Date.now() - NAMES_TTL_MS + 5_000, entries);
    }
    const page = new TopPage(Number(version), Date.now(), entries);
    if (shared) await redis.set(keys.page, page.serialize(), 'EX', 3600);
    return page;
  }

  /** Nicknames from this process's cache, else the database; while it fails, from `known`. */
  private async nicknames(userIds: string[], known: Map<string, string>): Promise<{ names: Map<string, string>; complete: boolean }> {
    const names = new Map<string, string>();
    const missing: string[] = [];
    for (const id of userIds) {
      const name = this.names.get(id);
      if (name === undefined) missing.push(id);
      else names.set(id, name);
    }
    if (missing.length === 0) return { names, complete: true };
    if (this.outage.recent) return this.knownNames(names, missing, known);
    try {
      for (const [id, name] of await this.board.nicknames(missing)) {
        this.names.set(id, name);
        names.set(id, name);
      }
      return { names, complete: true };
    } catch (error) {
      this.outage.note(error);
      this.logger.warn({ err: error }, 'could not read nicknames for a leaderboard page; using the last shared page');
      return this.knownNames(names, missing, known);
    }
  }

  /** The names of `missing` as the last shared page had them, while the database cannot say. */
  private knownNames(names: Map<string, string>, missing: string[], known: Map<string, string>): { names: Map<string, string>; complete: false } {
    for (const id of missing) if (known.has(id)) names.set(id, known.get(id)!);
    return { names, complete: false };
  }
}
