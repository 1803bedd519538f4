import type { EntityManager } from 'typeorm';
import { idOf, int, type Raw } from './rows.js';
import { placeholders } from './sql.js';

/*
 * `communities.feed_version` moves in the same transaction as every change to what the community's
 * feed shows, so a reader that compares it with a cached page's version sees the change from the
 * moment it commits, in every process. Each raise is the writer's last statement on the community's
 * row (after the post's), so the row is held only until the commit that follows.
 */

/** Raises the version of one community's feed. */
export async function raiseFeedVersion(manager: EntityManager, communityId: string): Promise<void> {
  await manager.query('UPDATE communities SET feed_version = feed_version + 1 WHERE id = ?', [communityId]);
}

/** Raises the version of the feed that shows `postId`. */
export async function raiseFeedVersionOfPost(manager: EntityManager, postId: string): Promise<void> {
  await manager.query('UPDATE communities SET feed_version = feed_version + 1 WHERE id = (SELECT community_id FROM posts WHERE id = ?)', [postId]);
}

/**
 * Raises the versions of every feed with a post by `userId`, whose name or avatar changed. The
 * caller has updated the user's row: a post of theirs being written waits for that row (its
 * foreign key) or was committed before, so the plain read below sees it. The read takes no locks,
 * so this never waits on a post's row that a like or comment holds while it raises its feed.
 */
export async function raiseFeedVersionsOfAuthor(manager: EntityManager, userId: string): Promise<void> {
  const rows: { community_id: Raw }[] = await manager.query('SELECT DISTINCT community_id FROM posts WHERE author_user_id = ?', [userId]);
  if (rows.length === 0) return;
  const ids = rows.map((row) => idOf(row.community_id)).sort((a, b) => Number(a) - Number(b));
  // In id order, so two renames never lock the same communities the other way round.
  await manager.query(`UPDATE communities SET feed_version = feed_version + 1 WHERE id IN (${placeholders(ids)})`, ids);
}

/** What a cached feed page needs per reader: the feed's version, and the reader's own view of it. */
export interface FeedCheck {
  version: string;
  /** Whether the viewer moderates the community. */
  moderates: boolean;
  /** Which of the asked posts the viewer liked. */
  liked: Set<string>;
}

/**
 * The feed's version, whether `viewerId` moderates the community and which of `postIds` they
 * liked, in one statement; null when there is no such community.
 */
export async function readFeedCheck(manager: EntityManager, communityId: string, viewerId: string, postIds: string[]): Promise<FeedCheck | null> {
  const likes =
    postIds.length === 0
      ? ''
      : ` UNION ALL SELECT 1 AS kind, l.post_id AS a, 0 AS b FROM post_likes l WHERE l.user_id = ? AND l.post_id IN (${placeholders(postIds)})`;
  const rows: { kind: Raw; a: Raw; b: Raw }[] = await manager.query(
    `SELECT 0 AS kind, c.feed_version AS a,
        (SELECT COUNT(*) FROM community_moderators mo WHERE mo.community_id = c.id AND mo.user_id = ?) AS b
       FROM communities c WHERE c.id = ?${likes}`,
    postIds.length === 0 ? [viewerId, communityId] : [viewerId, communityId, viewerId, ...postIds],
  );
  let check: FeedCheck | null = null;
  const liked = new Set<string>();
  for (const row of rows) {
    if (int(row.kind) === 1) liked.add(idOf(row.a));
    else check = { version: idOf(row.a), moderates: int(row.b) > 0, liked };
  }
  return check;
}
