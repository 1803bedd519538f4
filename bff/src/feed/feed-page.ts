import type { Post } from '@calorie-bank/shared';
import type { Page } from '../db/pages.js';
import type { PostRecord } from '../db/posts.js';

/** A post of a shared page: its JSON without the reader's own fields, and who wrote it. */
interface PageEntry {
  id: string;
  authorUserId: string | null;
  /** The post's JSON without `likedByMe` and `canDelete`, and without its closing brace. */
  head: string;
}

/** What a post shows every reader alike. */
type SharedPost = Omit<Post, 'likedByMe' | 'canDelete'>;

/**
 * The first page of a community's feed at one version, serialized once with nobody's likes or
 * rights: a reader's answer is joined from its ready strings and the reader's `likedByMe` and
 * `canDelete`, instead of being read, built and stringified per request.
 */
/** The reader's own fields closing each post, by [likedByMe][canDelete]. */
const ENDINGS = [
  [Buffer.from(',"likedByMe":false,"canDelete":false}'), Buffer.from(',"likedByMe":false,"canDelete":true}')],
  [Buffer.from(',"likedByMe":true,"canDelete":false}'), Buffer.from(',"likedByMe":true,"canDelete":true}')],
];
const OPEN = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');

export class FeedPage {
  readonly postIds: string[];
  /** Each post's head in UTF-8, and the page's closing `],"nextCursor":…}`: an answer is copied from these, not encoded. */
  private readonly heads: Buffer[];
  private readonly close: Buffer;

  constructor(
    readonly version: string,
    /** When the page was read, and until when it holds (a hot page loses posts as they leave the window). */
    readonly builtAt: number,
    readonly validUntil: number,
    private readonly entries: PageEntry[],
    private readonly nextCursor: string | null,
  ) {
    this.postIds = entries.map((entry) => entry.id);
    this.heads = entries.map((entry) => Buffer.from(entry.head));
    this.close = Buffer.from(`],"nextCursor":${JSON.stringify(nextCursor)}}`);
  }

  /** The page of `records` as read for nobody; a hot page holds until its oldest post leaves the window. */
  static build(version: string, page: Page<PostRecord>, builtAt: number, windowMs: number | null): FeedPage {
    const entries = page.items.map((record) => {
      const { authorUserId, merchantId: _merchant, viewerModerates: _moderates, likedByMe: _liked, ...shown } = record;
      const shared: SharedPost = shown;
      return { id: record.id, authorUserId, head: JSON.stringify(shared).slice(0, -1) };
    });
    const oldest = Math.min(...page.items.map((record) => Date.parse(record.createdAt)));
    const validUntil = windowMs === null || page.items.length === 0 ? Number.MAX_SAFE_INTEGER : oldest + windowMs;
    return new FeedPage(version, builtAt, validUntil, entries, page.nextCursor);
  }

  /** Whether the page may answer at `now` (a clock set back before the read never trusts it). */
  holdsAt(now: number): boolean {
    return now >= this.builtAt && now < this.validUntil;
  }

  /** The answer `{items, nextCursor}` in UTF-8 for `viewerId`, who moderates the community or not and liked `liked`. */
  render(viewerId: string, moderates: boolean, liked: ReadonlySet<string>): Buffer {
    const parts: Buffer[] = [OPEN];
    this.entries.forEach((entry, index) => {
      if (index > 0) parts.push(COMMA);
      parts.push(this.heads[index], ENDINGS[liked.has(entry.id) ? 1 : 0][moderates || entry.authorUserId === viewerId ? 1 : 0]);
    });
    parts.push(this.close);
    return Buffer.concat(parts);
  }

  /** The page as stored in Redis for other processes. */
  serialize(): string {
    return JSON.stringify([this.version, this.builtAt, this.validUntil, this.entries, this.nextCursor]);
  }

  static parse(stored: string): FeedPage {
    const [version, builtAt, validUntil, entries, nextCursor] = JSON.parse(stored) as [string, number, number, PageEntry[], string | null];
    return new FeedPage(version, builtAt, validUntil, entries, nextCursor);
  }
}
