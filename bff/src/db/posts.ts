import type { EntityManager } from 'typeorm';
import type { PostAuthor, PostCard, PostStatus } from '@calorie-bank/shared';
import { raiseFeedVersion, raiseFeedVersionOfPost } from './feed-versions.js';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, idOrNull, int, isoTime, json, type Raw } from './rows.js';
import { Where } from './sql.js';
import { execute, forUpdate, insertIgnore } from './transaction.js';

/** A post as stored, before the caller's view of it (may they delete it) is added. */
export interface PostRecord {
  id: string;
  communityId: string;
  communityName: string;
  author: PostAuthor;
  authorUserId: string | null;
  merchantId: string | null;
  text: string;
  images: string[];
  card: PostCard | null;
  likes: number;
  comments: number;
  likedByMe: boolean;
  /** Whether the viewer moderates the post's community. */
  viewerModerates: boolean;
  status: PostStatus;
  createdAt: string;
}

interface PostRow {
  id: Raw;
  community_id: Raw;
  community_name: string;
  author_user_id: Raw | null;
  merchant_id: Raw | null;
  nickname: string | null;
  avatar_url: string | null;
  merchant_name: string | null;
  body: string;
  images: string;
  card_json: string | null;
  status: PostStatus;
  like_count: Raw;
  comment_count: Raw;
  created_at: Raw;
  liked: Raw | null;
  moderator: Raw | null;
}

function toPost(row: PostRow): PostRecord {
  const author: PostAuthor =
    row.merchant_id !== null
      ? { kind: 'merchant', id: idOf(row.merchant_id), name: row.merchant_name ?? '', avatarUrl: null }
      : { kind: 'user', id: idOf(row.author_user_id!), name: row.nickname ?? '', avatarUrl: row.avatar_url };
  return {
    id: idOf(row.id),
    communityId: idOf(row.community_id),
    communityName: row.community_name,
    author,
    authorUserId: idOrNull(row.author_user_id),
    merchantId: idOrNull(row.merchant_id),
    text: row.body,
    images: json<string[]>(row.images) ?? [],
    card: json<PostCard>(row.card_json),
    likes: int(row.like_count),
    comments: int(row.comment_count),
    likedByMe: row.liked !== null,
    viewerModerates: row.moderator !== null,
    status: row.status,
    createdAt: isoTime(row.created_at),
  };
}

/**
 * Posts with their author's name, their community's name, and whether the viewer ('0': nobody;
 * the one parameter, given twice) liked them and moderates their community (a moderator who left
 * it no longer does): one statement per feed page, every join by key.
 */
const SELECT_POSTS = `SELECT p.id, p.community_id, c.name AS community_name, p.author_user_id, p.merchant_id, u.nickname, u.avatar_url,
    m.name AS merchant_name, p.body, p.images, p.card_json, p.status, p.like_count, p.comment_count, p.created_at, l.user_id AS liked,
    me.user_id AS moderator
  FROM posts p
  JOIN communities c ON c.id = p.community_id
  LEFT JOIN users u ON u.id = p.author_user_id
  LEFT JOIN merchants m ON m.id = p.merchant_id
  LEFT JOIN post_likes l ON l.post_id = p.id AND l.user_id = ?
  LEFT JOIN community_moderators mo ON mo.community_id = p.community_id AND mo.user_id = ?
  LEFT JOIN community_members me ON me.community_id = mo.community_id AND me.user_id = mo.user_id`;

export interface NewPost {
  communityId: string;
  authorUserId: string | null;
  merchantId: string | null;
  text: string;
  images: string[];
  card: PostCard | null;
  status: PostStatus;
}

export async function insertPost(manager: EntityManager, post: NewPost, now: number): Promise<string> {
  // Before the insert: the insert's foreign-key check share-locks the community's row, and two
  // posts that each held that share lock and then asked to raise the version would deadlock.
  // A held post is in no feed until an operator restores it (which raises the version then).
  if (post.status === 'visible') await raiseFeedVersion(manager, post.communityId);
  const inserted = await execute(
    manager,
    `INSERT INTO posts (community_id, author_user_id, merchant_id, body, images, card_json, status, like_count, comment_count, created_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0, ?)`,
    [post.communityId, post.authorUserId, post.merchantId, post.text, JSON.stringify(post.images), post.card ? JSON.stringify(post.card) : null, post.status, now],
  );
  return inserted.insertId!;
}

/** One post in any status, as `viewerId` sees it. */
export async function findPost(manager: EntityManager, postId: string, viewerId: string | null): Promise<PostRecord | null> {
  const rows: PostRow[] = await manager.query(`${SELECT_POSTS} WHERE p.id = ?`, [viewerId ?? 0, viewerId ?? 0, postId]);
  return rows.length > 0 ? toPost(rows[0]) : null;
}

/** Locks a post's row for a like, comment or moderation change; null when there is none. */
export async function lockPost(
  manager: EntityManager,
  postId: string,
): Promise<{ status: PostStatus; communityId: string; authorUserId: string | null; merchantId: string | null } | null> {
  const rows: { status: PostStatus; community_id: Raw; author_user_id: Raw | null; merchant_id: Raw | null }[] = await manager.query(
    `SELECT status, community_id, author_user_id, merchant_id FROM posts WHERE id = ?${forUpdate(manager)}`,
    [postId],
  );
  const row = rows[0];
  return row ? { status: row.status, communityId: idOf(row.community_id), authorUserId: idOrNull(row.author_user_id), merchantId: idOrNull(row.merchant_id) } : null;
}

export async function setPostStatus(manager: EntityManager, postId: string, status: PostStatus, now: number): Promise<void> {
  await manager.query('UPDATE posts SET status = ?, deleted_at = ? WHERE id = ?', [status, status === 'deleted' ? now : null, postId]);
  await raiseFeedVersionOfPost(manager, postId);
}

export type FeedScope = { communityId: string } | { memberId: string } | { merchantId: string };

/**
 * A page of visible posts, newest first (by id, which grows with time) or hot: the posts since
 * `since` by likes, then newest. The cursor is the last post's id (and likes, for hot). Likes
 * change while a hot feed is read, so a post may move across pages, which a feed can live with.
 */
export async function feedPage(
  manager: EntityManager,
  scope: FeedScope,
  viewerId: string,
  query: { sort: 'new' | 'hot'; since: number; cursor?: string; limit: number },
): Promise<Page<PostRecord>> {
  const hot = query.sort === 'hot';
  const after = decodeCursor(query.cursor, hot ? ['n', 'n'] : ['n']);
  const where = new Where()
    .and('p.community_id = ?', ['communityId' in scope ? scope.communityId : null], 'communityId' in scope)
    .and('p.community_id IN (SELECT community_id FROM community_members WHERE user_id = ?)', ['memberId' in scope ? scope.memberId : null], 'memberId' in scope)
    // A merchant sees its own posts that an operator hid too, to know why they are gone.
    .and('p.merchant_id = ?', ['merchantId' in scope ? scope.merchantId : null], 'merchantId' in scope)
    .and("p.status = 'visible'", [], !('merchantId' in scope))
    .and("p.status IN ('visible', 'hidden', 'held')", [], 'merchantId' in scope)
    .and('p.created_at >= ?', [query.since], hot)
    .and('p.id < ?', [after?.[0]], !hot && after !== null)
    .and('(p.like_count < ? OR (p.like_count = ? AND p.id < ?))', [after?.[0], after?.[0], after?.[1]], hot && after !== null);
  const order = hot ? 'p.like_count DESC, p.id DESC' : 'p.id DESC';
  const rows: PostRow[] = await manager.query(`${SELECT_POSTS} ${where} ORDER BY ${order} LIMIT ?`, [viewerId, viewerId, ...where.params, query.limit + 1]);
  return keysetPage(rows, query.limit, toPost, (row) => (hot ? [int(row.like_count), int(row.id)] : [int(row.id)]));
}

// Likes: the caller has locked the post, so the count moves with the like rows in one transaction.
// A count's change raises no feed version: shared feed pages read the counts per request.

/** Adds `userId`'s like and counts it; false when they had liked it already. */
export async function addPostLike(manager: EntityManager, postId: string, userId: string, now: number): Promise<boolean> {
  const added = await execute(manager, `${insertIgnore(manager)} INTO post_likes (post_id, user_id, created_at) VALUES (?, ?, ?)`, [postId, userId, now]);
  if (added.affected === 0) return false;
  await manager.query('UPDATE posts SET like_count = like_count + 1 WHERE id = ?', [postId]);
  return true;
}

/** Takes `userId`'s like back and uncounts it; false when there was none. */
export async function removePostLike(manager: EntityManager, postId: string, userId: string): Promise<boolean> {
  const removed = await execute(manager, 'DELETE FROM post_likes WHERE post_id = ? AND user_id = ?', [postId, userId]);
  if (removed.affected === 0) return false;
  await manager.query('UPDATE posts SET like_count = like_count - 1 WHERE id = ? AND like_count > 0', [postId]);
  return true;
}

/** A post's counts as stored, and whether `userId` liked it. */
export async function postCounts(manager: EntityManager, postId: string, userId: string): Promise<{ likes: number; comments: number; likedByMe: boolean }> {
  const rows: { like_count: Raw; comment_count: Raw; liked: Raw | null }[] = await manager.query(
    'SELECT p.like_count, p.comment_count, l.user_id AS liked FROM posts p LEFT JOIN post_likes l ON l.post_id = p.id AND l.user_id = ? WHERE p.id = ?',
    [userId, postId],
  );
  const row = rows[0];
  return { likes: int(row?.like_count), comments: int(row?.comment_count), likedByMe: row?.liked !== null && row?.liked !== undefined };
}

/** The number of like rows of a post: what `like_count` must equal (tests and checks). */
export async function countedLikes(manager: EntityManager, postId: string): Promise<number> {
  const [{ n }]: { n: Raw }[] = await manager.query('SELECT COUNT(*) AS n FROM post_likes WHERE post_id = ?', [postId]);
  return int(n);
}

/** Recounts a post's visible comments (visible replies of visible comments too) into `comment_count`; the post is locked. */
export async function recountComments(manager: EntityManager, postId: string): Promise<number> {
  const [{ n }]: { n: Raw }[] = await manager.query(
    `SELECT COUNT(*) AS n FROM post_comments c LEFT JOIN post_comments parent ON parent.id = c.parent_id
      WHERE c.post_id = ? AND c.status = 'visible' AND (c.parent_id IS NULL OR parent.status = 'visible')`,
    [postId],
  );
  await manager.query('UPDATE posts SET comment_count = ? WHERE id = ?', [int(n), postId]);
  return int(n);
}

/** Moves the stored comment count by `delta`; the post is locked. */
export async function addToCommentCount(manager: EntityManager, postId: string, delta: number): Promise<void> {
  await manager.query('UPDATE posts SET comment_count = comment_count + ? WHERE id = ?', [delta, postId]);
}
