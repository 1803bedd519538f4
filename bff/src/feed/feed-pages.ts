import type { Cluster, Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { EntityManager } from 'typeorm';
import type { Page } from '../db/pages.js';
import type { PostRecord } from '../db/posts.js';
import { FeedCheckBatches } from './feed-checks.js';
import { FeedPage } from './feed-page.js';

/** How long Redis keeps a page at one version: a newer version is another key, so this only bounds memory. */
const STORED_SECONDS = 600;

export interface FirstPageQuery {
  communityId: string;
  viewerId: string;
  sort: 'new' | 'hot';
  limit: number;
  now: number;
  /** The hot window (null for `new`): a hot page holds until its oldest post leaves it. */
  windowMs: number | null;
}

/**
 * First pages of community feeds, shared by every reader. Each read asks the database, in one
 * statement shared with the readers of the same feed at that moment (feed-checks.ts), for the feed's version (`communities.feed_version`, raised in the transaction of
 * every change to the feed) together with the reader's likes among the page's posts and their
 * moderator role; the page kept here answers only while its version is the database's, so a
 * hidden, deleted or changed post is gone from the moment its change commits, in every process.
 * A page at a new version is read once per process (concurrent readers wait for the same read),
 * from Redis when another process has stored it, else from the database; without Redis, or with
 * Redis failing, from the database.
 */
export class FeedPages {
  private readonly pages = new LRUCache<string, FeedPage>({ max: 1000 });
  private readonly loading = new Map<string, Promise<FeedPage>>();
  private readonly checks: FeedCheckBatches;

  constructor(
    manager: EntityManager,
    private readonly redis: Redis | Cluster | null,
    private readonly logger: Logger,
  ) {
    this.checks = new FeedCheckBatches(manager);
  }

  /**
   * The first page for the reader as JSON in UTF-8, or null when there is no such community;
   * `read` reads the page from the database for nobody (no likes, no rights).
   */
  async firstPage(query: FirstPageQuery, read: () => Promise<Page<PostRecord>>): Promise<Buffer | null> {
    const key = `${query.communityId}:${query.sort}:${query.limit}`;
    const kept = this.pages.get(key);
    const usable = kept?.holdsAt(query.now) ? kept : undefined;
    const check = await this.checks.check(query.communityId, query.viewerId, usable?.postIds ?? []);
    if (!check) return null;
    if (usable && usable.version === check.version) return usable.render(query.viewerId, check.moderates, check.liked);
    const page = await this.load(key, check.version, query, read);
    // The reader's likes among this page's posts; the page is at least as new as `check`.
    const liked = page.postIds.length === 0 ? check.liked : ((await this.checks.check(query.communityId, query.viewerId, page.postIds))?.liked ?? check.liked);
    return page.render(query.viewerId, check.moderates, liked);
  }

  private load(key: string, version: string, query: FirstPageQuery, read: () => Promise<Page<PostRecord>>): Promise<FeedPage> {
    const flight = `${key}:${version}`;
    let loading = this.loading.get(flight);
    if (!loading) {
      loading = this.loadOnce(`feed:${key}:${version}`, version, query, read).finally(() => this.loading.delete(flight));
      this.loading.set(flight, loading);
    }
    return loading.then((page) => {
      this.pages.set(key, page);
      return page;
    });
  }

  private async loadOnce(storedKey: string, version: string, query: FirstPageQuery, read: () => Promise<Page<PostRecord>>): Promise<FeedPage> {
    const stored = await this.stored(storedKey);
    if (stored?.holdsAt(query.now)) return stored;
    // Read after the version: a change committed in between makes the page newer than its version, never older.
    const page = FeedPage.build(version, await read(), query.now, query.windowMs);
    if (this.redis) {
      this.redis.set(storedKey, page.serialize(), 'EX', STORED_SECONDS).catch((error: unknown) => this.logger.debug({ err: error }, 'could not store a feed page'));
    }
    return page;
  }

  private async stored(storedKey: string): Promise<FeedPage | null> {
    if (!this.redis) return null;
    try {
      const text = await this.redis.get(storedKey);
      return text === null ? null : FeedPage.parse(text);
    } catch (error) {
      this.logger.debug({ err: error }, 'could not read a stored feed page');
      return null;
    }
  }
}
