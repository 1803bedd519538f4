import type { Post } from '@calorie-bank/shared';
import type { PostCounts } from '../db/feed-versions.js';
import type { Page } from '../db/pages.js';
import type { PostRecord } from '../db/posts.js';

/** A post of a shared page: its JSON without its counts and the reader's own fields, and who wrote it. */
interface PageEntry {
  id: string;
  authorUserId: string | null;
  /** The post's JSON without `likes`, `comments`, `likedByMe` and `canDelete`, and without its closing brace. */
  head: string;
  /** The counts as the page was read: shown only when a read did not return the post's own. */
  counts: PostCounts;
}

/** What a post shows every reader alike, but for its counts. */
type SharedPost = Omit<Post, 'likes' | 'comments' | 'likedByMe' | 'canDelete'>;

const OPEN = Buffer.from('{"items":[');
const COMMA = Buffer.from(',');

/**
 * The first page of a community's `new` feed at one version, serialized once without counts,
 * likes or rights: a reader's answer is joined from its ready strings and, per post, the counts
 * read with the reader's check and the reader's `likedByMe` and `canDelete`, instead of being
 * read, built and stringified per request.
 */
export class FeedPage {
  readonly postIds: string[];
  /** Each post's head in UTF-8, and the page's closing `],"nextCursor":…}`: an answer is copied from these, not encoded. */
  private readonly heads: Buffer[];
  private readonly close: Buffer;

  constructor(
    readonly version: string,
    private readonly entries: PageEntry[],
    private readonly nextCursor: string | null,
  ) {
    this.postIds = entries.map((entry) => entry.id);
    this.heads = entries.map((entry) => Buffer.from(entry.head));
    this.close = Buffer.from(`],"nextCursor":${JSON.stringify(nextCursor)}}`);
  }

  /** The page of `records` as read for nobody. */
  static build(version: string, page: Page<PostRecord>): FeedPage {
    const entries = page.items.map((record): PageEntry => {
      const { authorUserId, merchantId: _merchant, viewerModerates: _moderates, likedByMe: _liked, likes, comments, ...shown } = record;
      const shared: SharedPost = shown;
      return { id: record.id, authorUserId, head: JSON.stringify(shared).slice(0, -1), counts: [likes, comments] };
    });
    return new FeedPage(version, entries, page.nextCursor);
  }

  /**
   * The answer `{items, nextCursor}` in UTF-8 for `viewerId`, who moderates the community or not
   * and liked `liked`, with the posts' `counts` as just read.
   */
  render(viewerId: string, moderates: boolean, liked: ReadonlySet<string>, counts: ReadonlyMap<string, PostCounts>): Buffer {
    const parts: Buffer[] = [OPEN];
    this.entries.forEach((entry, index) => {
      if (index > 0) parts.push(COMMA);
      const [likes, comments] = counts.get(entry.id) ?? entry.counts;
      const mine = `"likedByMe":${liked.has(entry.id)},"canDelete":${moderates || entry.authorUserId === viewerId}}`;
      parts.push(this.heads[index], Buffer.from(`,"likes":${likes},"comments":${comments},${mine}`, 'latin1'));
    });
    parts.push(this.close);
    return Buffer.concat(parts);
  }

  /** The page as stored in Redis for other processes. */
  serialize(): string {
    return JSON.stringify([this.version, this.entries, this.nextCursor]);
  }

  static parse(stored: string): FeedPage {
    const [version, entries, nextCursor] = JSON.parse(stored) as [string, PageEntry[], string | null];
    return new FeedPage(version, entries, nextCursor);
  }
}
