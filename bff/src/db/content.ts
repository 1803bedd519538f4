import type { EntityManager } from 'typeorm';
import type { ContentTag } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { bool, idOf, int, intOrNull, type Raw } from './rows.js';
import { placeholders, setClause } from './sql.js';
import { execute, forUpdate, insertIgnore } from './transaction.js';

/** A content item as stored; `body` is already sanitized HTML. */
export interface ContentRecord {
  id: string;
  title: string;
  coverUrl: string | null;
  kind: 'article' | 'video';
  body: string | null;
  excerpt: string;
  videoUrl: string | null;
  tags: ContentTag[];
  membersOnly: boolean;
  visibleFrom: number;
  visibleUntil: number | null;
  likes: number;
  views: number;
  createdAt: number;
}

interface ContentRow {
  id: Raw;
  title: string;
  cover_url: string | null;
  kind: 'article' | 'video';
  body: string | null;
  excerpt: string;
  video_url: string | null;
  tags: string;
  members_only: number | boolean;
  visible_from: Raw;
  visible_until: Raw | null;
  likes: Raw;
  views: Raw;
  created_at: Raw;
}

function toContent(row: ContentRow): ContentRecord {
  return {
    id: idOf(row.id),
    title: row.title,
    coverUrl: row.cover_url,
    kind: row.kind,
    body: row.body,
    excerpt: row.excerpt,
    videoUrl: row.video_url,
    tags: JSON.parse(row.tags) as ContentTag[],
    membersOnly: bool(row.members_only),
    visibleFrom: int(row.visible_from),
    visibleUntil: intOrNull(row.visible_until),
    likes: int(row.likes),
    views: int(row.views),
    createdAt: int(row.created_at),
  };
}

/** What an operator writes; the service has sanitized the body and made the excerpt. */
export type ContentWrite = Omit<ContentRecord, 'id' | 'likes' | 'views' | 'createdAt'>;

function columns(item: Partial<ContentWrite>): Record<string, unknown> {
  return {
    title: item.title,
    cover_url: item.coverUrl,
    kind: item.kind,
    body: item.body,
    excerpt: item.excerpt,
    video_url: item.videoUrl,
    tags: item.tags ? JSON.stringify(item.tags) : undefined,
    members_only: item.membersOnly,
    visible_from: item.visibleFrom,
    visible_until: item.visibleUntil,
  };
}

async function writeTags(manager: EntityManager, itemId: string, tags: ContentTag[]): Promise<void> {
  await execute(manager, 'DELETE FROM content_tags WHERE item_id = ?', [itemId]);
  for (const tag of new Set(tags)) await execute(manager, 'INSERT INTO content_tags (tag, item_id) VALUES (?, ?)', [tag, itemId]);
}

export async function insertContent(manager: EntityManager, item: ContentWrite, now: number): Promise<string> {
  const values = { ...columns(item), created_at: now, updated_at: now };
  const names = Object.keys(values);
  const created = await execute(manager, `INSERT INTO content_items (${names.join(', ')}) VALUES (${placeholders(names)})`, Object.values(values));
  const id = created.insertId!;
  await writeTags(manager, id, item.tags);
  return id;
}

export async function updateContentRow(manager: EntityManager, itemId: string, item: Partial<ContentWrite>, now: number): Promise<void> {
  const set = setClause({ ...columns(item), updated_at: now });
  await execute(manager, `UPDATE content_items ${set.sql} WHERE id = ?`, [...set.params, itemId]);
  if (item.tags) await writeTags(manager, itemId, item.tags);
}

export async function findContent(manager: EntityManager, itemId: string, options: { lock?: boolean } = {}): Promise<ContentRecord | null> {
  const rows: ContentRow[] = await manager.query(`SELECT * FROM content_items WHERE id = ?${options.lock ? forUpdate(manager) : ''}`, [itemId]);
  return rows.length > 0 ? toContent(rows[0]) : null;
}

const VISIBLE = 'i.visible_from <= ? AND (i.visible_until IS NULL OR i.visible_until > ?)';

/** Items visible at `now`, of one tag or all, newest first (by when they appeared), one page at a time. */
export async function visibleContent(
  manager: EntityManager,
  query: { tag?: ContentTag; now: number; cursor?: string; limit: number },
): Promise<Page<ContentRecord>> {
  const after = decodeCursor(query.cursor, ['n', 'n']);
  const join = query.tag ? 'JOIN content_tags t ON t.item_id = i.id AND t.tag = ?' : '';
  const rows: ContentRow[] = await manager.query(
    `SELECT i.* FROM content_items i ${join} WHERE ${VISIBLE}
       ${after ? 'AND (i.visible_from < ? OR (i.visible_from = ? AND i.id < ?))' : ''}
     ORDER BY i.visible_from DESC, i.id DESC LIMIT ?`,
    [...(query.tag ? [query.tag] : []), query.now, query.now, ...(after ? [after[0], after[0], after[1]] : []), query.limit + 1],
  );
  return keysetPage(rows, query.limit, toContent, (row) => [int(row.visible_from), int(row.id)]);
}

/** Every item, newest first, for operators. */
export async function allContent(manager: EntityManager, query: { cursor?: string; limit: number }): Promise<Page<ContentRecord>> {
  const after = decodeCursor(query.cursor, ['n']);
  const rows: ContentRow[] = await manager.query(`SELECT * FROM content_items ${after ? 'WHERE id < ?' : ''} ORDER BY id DESC LIMIT ?`, [
    ...(after ? [after[0]] : []),
    query.limit + 1,
  ]);
  return keysetPage(rows, query.limit, toContent, (row) => [int(row.id)]);
}

/**
 * Locks an item's row before its counter changes. Without it, InnoDB's foreign-key check on the
 * like or view row takes a shared lock on the item, and many transactions upgrading it to write
 * the counter deadlock one another; with it they queue.
 */
async function lockItem(manager: EntityManager, itemId: string): Promise<void> {
  await manager.query(`SELECT id FROM content_items WHERE id = ?${forUpdate(manager)}`, [itemId]);
}

/** Records a like and counts it in the same transaction; false when the user had liked the item already. */
export async function addContentLike(manager: EntityManager, itemId: string, userId: string, now: number): Promise<boolean> {
  await lockItem(manager, itemId);
  const added = await execute(manager, `${insertIgnore(manager)} INTO content_likes (item_id, user_id, created_at) VALUES (?, ?, ?)`, [itemId, userId, now]);
  if (added.affected === 0) return false;
  await execute(manager, 'UPDATE content_items SET likes = likes + 1 WHERE id = ?', [itemId]);
  return true;
}

/** Takes a like back and uncounts it; false when there was none. */
export async function removeContentLike(manager: EntityManager, itemId: string, userId: string): Promise<boolean> {
  await lockItem(manager, itemId);
  const removed = await execute(manager, 'DELETE FROM content_likes WHERE item_id = ? AND user_id = ?', [itemId, userId]);
  if (removed.affected === 0) return false;
  await execute(manager, 'UPDATE content_items SET likes = likes - 1 WHERE id = ? AND likes > 0', [itemId]);
  return true;
}

export async function contentLikeState(manager: EntityManager, itemId: string, userId: string): Promise<{ likes: number; likedByMe: boolean }> {
  const rows: { likes: Raw; mine: Raw }[] = await manager.query(
    'SELECT i.likes, (SELECT COUNT(*) FROM content_likes l WHERE l.item_id = i.id AND l.user_id = ?) AS mine FROM content_items i WHERE i.id = ?',
    [userId, itemId],
  );
  return { likes: int(rows[0]?.likes), likedByMe: int(rows[0]?.mine) > 0 };
}

/** Counts a user's view of an item once per day; true when this was the day's first. */
export async function recordContentView(manager: EntityManager, itemId: string, userId: string, date: string): Promise<boolean> {
  await lockItem(manager, itemId);
  const added = await execute(manager, `${insertIgnore(manager)} INTO content_views (item_id, user_id, date) VALUES (?, ?, ?)`, [itemId, userId, date]);
  if (added.affected === 0) return false;
  await execute(manager, 'UPDATE content_items SET views = views + 1 WHERE id = ?', [itemId]);
  return true;
}

/** The end of a user's membership (past or future), or null if they never had one. */
export async function membershipEnd(manager: EntityManager, userId: string): Promise<number | null> {
  const rows: { ends_at: Raw }[] = await manager.query('SELECT ends_at FROM memberships WHERE user_id = ?', [userId]);
  return rows.length > 0 ? int(rows[0].ends_at) : null;
}

/** Sets a membership's end; the caller holds the user's row lock, so `exists` is final. */
export async function saveMembership(manager: EntityManager, userId: string, endsAt: number, exists: boolean, now: number): Promise<void> {
  if (exists) await execute(manager, 'UPDATE memberships SET ends_at = ?, updated_at = ? WHERE user_id = ?', [endsAt, now, userId]);
  else await execute(manager, 'INSERT INTO memberships (user_id, ends_at, created_at, updated_at) VALUES (?, ?, ?, ?)', [userId, endsAt, now, now]);
}

/** Users whose membership runs at `now`: the board's badges. */
/** Which of `userIds` hold a running fan membership at `now`. */
export async function activeMembersAmong(manager: EntityManager, userIds: string[], now: number): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows: { user_id: Raw }[] = await manager.query(
    `SELECT user_id FROM memberships WHERE ends_at > ? AND user_id IN (${placeholders(userIds)})`,
    [now, ...userIds],
  );
  return rows.map((row) => idOf(row.user_id));
}
