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
  limit: number;
}

/**
 * First pages of community `new` feeds, shared by every reader. Each read asks the database, in one
 * statement shared with the readers of the same feed at that moment (feed-checks.ts), for the
 * feed's version (`communities.feed_version`, raised in the transaction of every change to which
 * posts the feed shows or to what they show but their counts) together with the page's posts'
 * counts and the reader's likes among them and moderator role; the page kept here answers only
 * while its version is the database's, so a hidden, deleted or changed post is gone from the moment
 * its change commits, in every process, and counts are the database's as of the read. A page at a
 * new version is read once per process (concurrent readers wait for the same read), from Redis
 * when another process has stored it, else from the database; without Redis, or with Redis
 * failing, from the database. A `hot` page is ordered by likes, which raise no version, so hot
 * feeds are not shared (services/posts.ts reads them).
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
    const key = `${query.communityId}:${query.limit}`;
    const kept = this.pages.get(key);
    const check = await this.checks.check(query.communityId, query.viewerId, kept?.postIds ?? []);
    if (!check) return null;
    if (kept && kept.version === check.version) return kept.render(query.viewerId, check.moderates, check.liked, check.counts);
    const page = await this.load(key, check.version, read);
    // The counts and the reader's likes of this page's posts; the page is at least as new as `check`.
    const own = page.postIds.length === 0 ? check : ((await this.checks.check(query.communityId, query.viewerId, page.postIds)) ?? check);
    return page.render(query.viewerId, check.moderates, own.liked, own.counts);
  }

  private load(key: string, version: string, read: () => Promise<Page<PostRecord>>): Promise<FeedPage> {
    const flight = `${key}:${version}`;
    let loading = this.loading.get(flight);
    if (!loading) {
      loading = this.loadOnce(`feed-page:${key}:${version}`, version, read).finally(() => this.loading.delete(flight));
      this.loading.set(flight, loading);
    }
    return loading.then((page) => {
      this.pages.set(key, page);
      return page;
    });
  }

  private async loadOnce(storedKey: string, version: string, read: () => Promise<Page<PostRecord>>): Promise<FeedPage> {
    const stored = await this.stored(storedKey);
    if (stored) return stored;
    // Read after the version: a change committed in between makes the page newer than its version, never older.
    const page = FeedPage.build(version, await read());
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
