import type { EntityManager } from 'typeorm';
import type { PostAuthor } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, idOrNull, int, isoTime, type Raw } from './rows.js';
import { placeholders } from './sql.js';
import { execute } from './transaction.js';

export type CommentStatus = 'visible' | 'held' | 'hidden' | 'deleted';

/** A comment or reply as stored. */
export interface CommentRecord {
  id: string;
  postId: string;
  parentId: string | null;
  authorUserId: string;
  author: PostAuthor;
  text: string;
  status: CommentStatus;
  createdAt: string;
}

interface CommentRow {
  id: Raw;
  post_id: Raw;
  parent_id: Raw | null;
  author_user_id: Raw;
  nickname: string;
  avatar_url: string | null;
  body: string;
  status: CommentStatus;
  created_at: Raw;
}

function toComment(row: CommentRow): CommentRecord {
  return {
    id: idOf(row.id),
    postId: idOf(row.post_id),
    parentId: idOrNull(row.parent_id),
    authorUserId: idOf(row.author_user_id),
    author: { kind: 'user', id: idOf(row.author_user_id), name: row.nickname, avatarUrl: row.avatar_url },
    text: row.body,
    status: row.status,
    createdAt: isoTime(row.created_at),
  };
}

const SELECT_COMMENTS = `SELECT c.id, c.post_id, c.parent_id, c.author_user_id, u.nickname, u.avatar_url, c.body, c.status, c.created_at
  FROM post_comments c JOIN users u ON u.id = c.author_user_id`;

export async function insertComment(
  manager: EntityManager,
  comment: { postId: string; parentId: string | null; authorUserId: string; text: string; status: CommentStatus },
  now: number,
): Promise<string> {
  const inserted = await execute(manager, 'INSERT INTO post_comments (post_id, parent_id, author_user_id, body, status, created_at) VALUES (?, ?, ?, ?, ?, ?)', [
    comment.postId,
    comment.parentId,
    comment.authorUserId,
    comment.text,
    comment.status,
    now,
  ]);
  return inserted.insertId!;
}

export async function findComment(manager: EntityManager, commentId: string): Promise<CommentRecord | null> {
  const rows: CommentRow[] = await manager.query(`${SELECT_COMMENTS} WHERE c.id = ?`, [commentId]);
  return rows.length > 0 ? toComment(rows[0]) : null;
}

export async function setCommentStatus(manager: EntityManager, commentId: string, status: CommentStatus): Promise<void> {
  await manager.query('UPDATE post_comments SET status = ? WHERE id = ?', [status, commentId]);
}

/** A post's visible top-level comments, oldest first, a page at a time. */
export async function topLevelComments(manager: EntityManager, postId: string, page: { cursor?: string; limit: number }): Promise<Page<CommentRecord>> {
  const after = decodeCursor(page.cursor, ['n']);
  const rows: CommentRow[] = await manager.query(
    `${SELECT_COMMENTS} WHERE c.post_id = ? AND c.status = 'visible' AND c.parent_id IS NULL ${after ? 'AND c.id > ?' : ''} ORDER BY c.id LIMIT ?`,
    [postId, ...(after ? [after[0]] : []), page.limit + 1],
  );
  return keysetPage(rows, page.limit, toComment, (row) => [int(row.id)]);
}

/** The first `perParent` visible replies of each comment, oldest first, and how many each has. */
export async function repliesOf(
  manager: EntityManager,
  parentIds: string[],
  perParent: number,
): Promise<{ replies: Map<string, CommentRecord[]>; counts: Map<string, number> }> {
  const replies = new Map<string, CommentRecord[]>();
  const counts = new Map<string, number>();
  if (parentIds.length === 0) return { replies, counts };
  const rows: (CommentRow & { rn: Raw; total: Raw })[] = await manager.query(
    `SELECT * FROM (
       SELECT c.id, c.post_id, c.parent_id, c.author_user_id, u.nickname, u.avatar_url, c.body, c.status, c.created_at,
              ROW_NUMBER() OVER (PARTITION BY c.parent_id ORDER BY c.id) AS rn, COUNT(*) OVER (PARTITION BY c.parent_id) AS total
         FROM post_comments c JOIN users u ON u.id = c.author_user_id
        WHERE c.parent_id IN (${placeholders(parentIds)}) AND c.status = 'visible') r
      WHERE r.rn <= ? ORDER BY r.parent_id, r.id`,
    [...parentIds, perParent],
  );
  for (const row of rows) {
    const parent = idOf(row.parent_id!);
    counts.set(parent, int(row.total));
    replies.set(parent, [...(replies.get(parent) ?? []), toComment(row)]);
  }
  return { replies, counts };
}
