import { randomBytes } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { idOf, int, type Raw } from './rows.js';
import { placeholders } from './sql.js';

/*
 * `communities.feed_version` moves in the same transaction as every change to which posts the
 * community's `new` feed shows or to what they show besides their counts, so a reader that compares
 * it with a cached page's version sees the change from the moment it commits, in every process.
 * Likes and comments do not raise it (a busy community's likes would all queue on its row): a
 * reader reads the page's counts in the same statement as the version (`readFeedChecks`).
 *
 * A raise sets a fresh random value, never the old one plus one: a counter can come back to a
 * number it had (a restored backup; on SQLite's one connection, a reader that saw another
 * request's raise before it rolled back), and a page kept at that number would then answer for a
 * state that is gone. Versions are only ever compared for equality.
 */

/** A new feed version: random, 53 bits (a BIGINT that JavaScript holds exactly), never 0 (the column's default). */
export function newFeedVersion(): number {
  const bytes = randomBytes(7);
  return (bytes[0] & 0x1f) * 2 ** 48 + bytes.readUIntBE(1, 6) || 1;
}

/** Raises the version of one community's feed. */
export async function raiseFeedVersion(manager: EntityManager, communityId: string): Promise<void> {
  await manager.query('UPDATE communities SET feed_version = ? WHERE id = ?', [newFeedVersion(), communityId]);
}

/** Raises the version of the feed that shows `postId`. */
export async function raiseFeedVersionOfPost(manager: EntityManager, postId: string): Promise<void> {
  await manager.query('UPDATE communities SET feed_version = ? WHERE id = (SELECT community_id FROM posts WHERE id = ?)', [newFeedVersion(), postId]);
}

/**
 * Raises the versions of every feed with a post by `userId`, whose name or avatar changed. The
 * caller has updated the user's row: a post of theirs being written locks that row before it
 * raises its feed or inserts (services/posts.ts), so it waits for this rename to commit or was
 * committed before, and the plain read below sees it. The read takes no locks,
 * so this never waits on a post's row that a deletion or moderation holds while it raises its feed.
 */
export async function raiseFeedVersionsOfAuthor(manager: EntityManager, userId: string): Promise<void> {
  const rows: { community_id: Raw }[] = await manager.query('SELECT DISTINCT community_id FROM posts WHERE author_user_id = ?', [userId]);
  if (rows.length === 0) return;
  const ids = rows.map((row) => idOf(row.community_id)).sort((a, b) => Number(a) - Number(b));
  // In id order, so two renames never lock the same communities the other way round.
  await manager.query(`UPDATE communities SET feed_version = ? WHERE id IN (${placeholders(ids)})`, [newFeedVersion(), ...ids]);
}

/** A post's counts as stored: likes and comments. */
export type PostCounts = readonly [likes: number, comments: number];

/** What cached feed pages need per batch of readers: the feed's version, the posts' counts, and the readers' own view. */
export interface FeedChecks {
  version: string;
  /** Which of the readers moderate the community. */
  moderators: Set<string>;
  /** Which of the asked posts each reader liked. */
  liked: Map<string, Set<string>>;
  /** The asked posts' counts. */
  counts: Map<string, PostCounts>;
}

/**
 * The feed's version, which of `viewerIds` moderate the community (a moderator who left it no
 * longer does), which of `postIds` each of
 * them liked and those posts' counts, in one statement (one snapshot; every branch by key); null
 * when there is no such community.
 */
export async function readFeedChecks(manager: EntityManager, communityId: string, viewerIds: string[], postIds: string[]): Promise<FeedChecks | null> {
  const viewers = placeholders(viewerIds);
  const posts = postIds.length === 0 ? '' : placeholders(postIds);
  const perPost =
    postIds.length === 0
      ? ''
      : ` UNION ALL SELECT 2 AS kind, l.user_id AS a, l.post_id AS b, 0 AS n FROM post_likes l WHERE l.post_id IN (${posts}) AND l.user_id IN (${viewers})
     UNION ALL SELECT 3 AS kind, p.id AS a, p.like_count AS b, p.comment_count AS n FROM posts p WHERE p.id IN (${posts})`;
  const rows: { kind: Raw; a: Raw; b: Raw; n: Raw }[] = await manager.query(
    `SELECT 0 AS kind, c.feed_version AS a, 0 AS b, 0 AS n FROM communities c WHERE c.id = ?
     UNION ALL SELECT 1 AS kind, mo.user_id AS a, 0 AS b, 0 AS n FROM community_moderators mo
       JOIN community_members me ON me.community_id = mo.community_id AND me.user_id = mo.user_id
      WHERE mo.community_id = ? AND mo.user_id IN (${viewers})${perPost}`,
    [communityId, communityId, ...viewerIds, ...(postIds.length === 0 ? [] : [...postIds, ...viewerIds, ...postIds])],
  );
  let version: string | null = null;
  const moderators = new Set<string>();
  const liked = new Map<string, Set<string>>();
  const counts = new Map<string, PostCounts>();
  for (const row of rows) {
    const kind = int(row.kind);
    if (kind === 0) version = idOf(row.a);
    else if (kind === 1) moderators.add(idOf(row.a));
    else if (kind === 3) counts.set(idOf(row.a), [int(row.b), int(row.n)]);
    else {
      const viewer = idOf(row.a);
      let set = liked.get(viewer);
      if (!set) liked.set(viewer, (set = new Set()));
      set.add(idOf(row.b));
    }
  }
  return version === null ? null : { version, moderators, liked, counts };
}
