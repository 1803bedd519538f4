import type { EntityManager } from 'typeorm';
import type { ReceivedLike } from '@calorie-bank/shared';
import { decodeCursor, keysetPage, type Page } from './pages.js';
import { idOf, int, isoTime, type Raw } from './rows.js';
import { placeholders } from './sql.js';
import { execute, insertIgnore, onConflictUpdate } from './transaction.js';

/** One board entry: a user's row on the board of `scope` on `date`. */
export interface LikedEntry {
  date: string;
  scope: string;
  userId: string;
}

const PAIR = 'date = ? AND scope = ? AND liked_user_id = ? AND liker_id = ?';

function pairOf(entry: LikedEntry, likerId: string): unknown[] {
  return [entry.date, entry.scope, entry.userId, likerId];
}

/**
 * Numbers this change of a liker's like of one entry, first in its transaction: the row lock
 * orders the pair's likes and unlikes as they commit, and the cache applies a change only when
 * its number is above the last one it applied, so a change that reaches Redis late is ignored.
 * An unlike of an entry never liked (`create` false, no row) has nothing to apply: 0.
 */
export async function numberLikeChange(manager: EntityManager, entry: LikedEntry, likerId: string, create: boolean): Promise<number> {
  if (create) {
    // One statement that writes the row either way, so that it takes the row's write lock at once: an
    // INSERT IGNORE meeting the row takes a shared lock, and two such changes of one pair, each
    // holding one and asking for the write lock to bump it, deadlock.
    await manager.query(
      `INSERT INTO board_like_changes (date, scope, liked_user_id, liker_id, seq) VALUES (?, ?, ?, ?, 1) ${onConflictUpdate(manager, 'date, scope, liked_user_id, liker_id')} seq = seq + 1`,
      pairOf(entry, likerId),
    );
  } else {
    const bumped = await execute(manager, `UPDATE board_like_changes SET seq = seq + 1 WHERE ${PAIR}`, pairOf(entry, likerId));
    if (bumped.affected === 0) return 0;
  }
  const rows: { seq: Raw }[] = await manager.query(`SELECT seq FROM board_like_changes WHERE ${PAIR}`, pairOf(entry, likerId));
  return int(rows[0]?.seq);
}

/** Records a like; false when this liker had already liked the entry (the key allows one). */
export async function addLike(manager: EntityManager, entry: LikedEntry, likerId: string, now: number): Promise<boolean> {
  const added = await execute(
    manager,
    `${insertIgnore(manager)} INTO board_likes (date, scope, liked_user_id, liker_id, created_at) VALUES (?, ?, ?, ?, ?)`,
    [entry.date, entry.scope, entry.userId, likerId, now],
  );
  return added.affected > 0;
}

/** Takes a like back; false when there was none. */
export async function removeLike(manager: EntityManager, entry: LikedEntry, likerId: string): Promise<boolean> {
  const removed = await execute(manager, `DELETE FROM board_likes WHERE ${PAIR}`, pairOf(entry, likerId));
  return removed.affected > 0;
}

/** An entry's likes and whether `likerId` gave one of them. */
export async function likesOf(manager: EntityManager, entry: LikedEntry, likerId: string): Promise<{ likes: number; likedByMe: boolean }> {
  const counts = await likesOnBoard(manager, entry.date, entry.scope, [entry.userId], likerId);
  return counts.get(entry.userId) ?? { likes: 0, likedByMe: false };
}

/**
 * The likes of several entries of one board, and which of them `likerId` liked; entries without
 * likes are left out of the map.
 */
export async function likesOnBoard(
  manager: EntityManager,
  date: string,
  scope: string,
  userIds: string[],
  likerId: string,
): Promise<Map<string, { likes: number; likedByMe: boolean }>> {
  const counts = new Map<string, { likes: number; likedByMe: boolean }>();
  if (userIds.length === 0) return counts;
  const rows: { liked_user_id: Raw; n: Raw; mine: Raw | null }[] = await manager.query(
    `SELECT liked_user_id, COUNT(*) AS n, SUM(CASE WHEN liker_id = ? THEN 1 ELSE 0 END) AS mine FROM board_likes
      WHERE date = ? AND scope = ? AND liked_user_id IN (${placeholders(userIds)}) GROUP BY liked_user_id`,
    [likerId, date, scope, ...userIds],
  );
  for (const row of rows) counts.set(idOf(row.liked_user_id), { likes: int(row.n), likedByMe: int(row.mine) > 0 });
  return counts;
}

/** Every like a user's entries got on a day, on any board. */
export async function receivedCount(manager: EntityManager, userId: string, date: string): Promise<number> {
  const rows: { n: Raw }[] = await manager.query('SELECT COUNT(*) AS n FROM board_likes WHERE liked_user_id = ? AND date = ?', [userId, date]);
  return int(rows[0]?.n);
}

interface ReceivedRow {
  liker_id: Raw;
  scope: string;
  created_at: Raw;
  nickname: string;
  avatar_url: string | null;
}

/** Who liked a user's entries on a day, newest first, one page at a time. */
export async function receivedLikes(
  manager: EntityManager,
  userId: string,
  date: string,
  page: { cursor?: string; limit: number },
): Promise<Page<ReceivedLike>> {
  const after = decodeCursor(page.cursor, ['n', 'n', 's']);
  const [at, liker, scope] = after ?? [];
  const rows: ReceivedRow[] = await manager.query(
    `SELECT l.liker_id, l.scope, l.created_at, u.nickname, u.avatar_url FROM board_likes l JOIN users u ON u.id = l.liker_id
      WHERE l.liked_user_id = ? AND l.date = ?
        ${after ? 'AND (l.created_at < ? OR (l.created_at = ? AND (l.liker_id < ? OR (l.liker_id = ? AND l.scope < ?))))' : ''}
      ORDER BY l.created_at DESC, l.liker_id DESC, l.scope DESC LIMIT ?`,
    [userId, date, ...(after ? [at, at, liker, liker, scope] : []), page.limit + 1],
  );
  return keysetPage(
    rows,
    page.limit,
    (row) => ({ userId: idOf(row.liker_id), nickname: row.nickname, avatarUrl: row.avatar_url, scope: row.scope, likedAt: isoTime(row.created_at) }),
    (row) => [int(row.created_at), int(row.liker_id), row.scope],
  );
}

/** One liker's last change to one entry of a board: its number and whether the like stands after it. */
export interface LikeChange {
  likerId: string;
  likedId: string;
  seq: number;
  present: boolean;
}

/**
 * The last change of every (liker, entry) pair of one board, for building its cached counts; one
 * statement, so each number comes with the state it left.
 */
export async function likeChanges(manager: EntityManager, date: string, scope: string): Promise<LikeChange[]> {
  const rows: { liker_id: Raw; liked_user_id: Raw; seq: Raw; present: Raw | null }[] = await manager.query(
    `SELECT c.liker_id, c.liked_user_id, c.seq, l.liker_id AS present FROM board_like_changes c
      LEFT JOIN board_likes l ON l.date = c.date AND l.scope = c.scope AND l.liked_user_id = c.liked_user_id AND l.liker_id = c.liker_id
      WHERE c.date = ? AND c.scope = ?`,
    [date, scope],
  );
  return rows.map((row) => ({ likerId: idOf(row.liker_id), likedId: idOf(row.liked_user_id), seq: int(row.seq), present: row.present !== null }));
}
