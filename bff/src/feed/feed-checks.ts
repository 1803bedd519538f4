import type { EntityManager } from 'typeorm';
import { databaseBounds } from '../db/data-source.js';
import { StorageTimeoutError } from '../db/faults.js';
import { readFeedChecks, type PostCounts } from '../db/feed-versions.js';

/** One reader's check: the feed's version, the asked posts' counts, and whether they moderate it and which posts they liked. */
export interface FeedCheck {
  version: string;
  counts: ReadonlyMap<string, PostCounts>;
  moderates: boolean;
  liked: ReadonlySet<string>;
}

interface Waiting {
  viewerId: string;
  postIds: string[];
  resolve: (check: FeedCheck | null) => void;
  reject: (error: unknown) => void;
  /** Rejects the reader once the database timeout has passed since it asked. */
  deadline: NodeJS.Timeout | undefined;
}

/** The most readers one statement serves; more wait for the next. */
const BATCH = 100;
const NOTHING: ReadonlySet<string> = new Set();

/**
 * Reads feed checks for many readers of one community in one statement: readers who ask while
 * their community's statement is in flight (or in the same turn of the event loop) wait for the
 * next one, which starts after they asked, so each still sees every change committed before its
 * request. Under load a statement serves many readers instead of each sending its own. A reader
 * waits at most the database timeout from when it asked, however many are queued before it (a
 * slow database serves a long queue one statement at a time), then fails as a statement that took
 * that long does: a 503, never a hang.
 */
export class FeedCheckBatches {
  private readonly waiting = new Map<string, Waiting[]>();
  private readonly busy = new Set<string>();

  constructor(private readonly manager: EntityManager) {}

  check(communityId: string, viewerId: string, postIds: string[]): Promise<FeedCheck | null> {
    return new Promise((resolve, reject) => {
      const item: Waiting = { viewerId, postIds, resolve, reject, deadline: undefined };
      const bounds = databaseBounds(this.manager.connection);
      if (bounds.enabled) {
        item.deadline = setTimeout(() => this.expire(communityId, item, bounds.timeoutMs), bounds.timeoutMs);
      }
      const queue = this.waiting.get(communityId);
      if (queue) queue.push(item);
      else this.waiting.set(communityId, [item]);
      if (!this.busy.has(communityId)) {
        this.busy.add(communityId);
        setImmediate(() => void this.run(communityId));
      }
    });
  }

  /** Gives up on a reader: out of the queue if it is still there; a statement it is in answers no one when it ends. */
  private expire(communityId: string, item: Waiting, timeoutMs: number): void {
    const queue = this.waiting.get(communityId);
    const at = queue?.indexOf(item) ?? -1;
    if (at >= 0) queue!.splice(at, 1);
    if (queue?.length === 0) this.waiting.delete(communityId);
    item.reject(new StorageTimeoutError('database', 'A feed check', timeoutMs));
  }

  private async run(communityId: string): Promise<void> {
    const queue = this.waiting.get(communityId) ?? [];
    const batch = queue.splice(0, BATCH);
    if (queue.length === 0) this.waiting.delete(communityId);
    try {
      if (batch.length === 0) return;
      const viewers = [...new Set(batch.map((item) => item.viewerId))];
      const posts = [...new Set(batch.flatMap((item) => item.postIds))];
      const checks = await readFeedChecks(this.manager, communityId, viewers, posts);
      for (const item of batch) {
        clearTimeout(item.deadline);
        item.resolve(checks && { version: checks.version, counts: checks.counts, moderates: checks.moderators.has(item.viewerId), liked: checks.liked.get(item.viewerId) ?? NOTHING });
      }
    } catch (error) {
      for (const item of batch) {
        clearTimeout(item.deadline);
        item.reject(error);
      }
    } finally {
      if (this.waiting.has(communityId)) void this.run(communityId);
      else this.busy.delete(communityId);
    }
  }
}
