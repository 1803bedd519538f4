import { businessDate, syncableDates, type BoardLikeRequest, type BoardLikeResponse, type DailyLeaderboardResponse, type MyLikesResponse } from '@calorie-bank/shared';
import * as likes from '../db/likes.js';
import { runInTransaction } from '../db/transaction.js';
import { findUser } from '../db/users.js';
import { AppError, authInvalid, notFound, userFrozen, validationFailed } from '../errors.js';
import type { BoardRead } from '../leaderboard/daily-leaderboard.js';
import type { ServiceContext } from './context.js';

/**
 * Refuses what no like may name: the caller's own entry, a board that does not exist, or a day
 * other than today and yesterday (older boards are settled, and their likes are history).
 */
async function checkEntry(context: ServiceContext, likerId: string, entry: BoardLikeRequest): Promise<void> {
  if (entry.userId === likerId) throw validationFailed('You cannot like your own entry', 'userId');
  if (!syncableDates(context.now(), context.config.businessTimeZone).includes(entry.date)) {
    throw new AppError('STEP_DATE_OUT_OF_WINDOW', "Only today's and yesterday's boards take likes", { details: [{ path: 'date', message: 'must be today or yesterday' }] });
  }
  if (!(await context.leaderboard.scopeExists(entry.scope))) throw notFound(`Leaderboard scope ${entry.scope}`);
}

/**
 * Commits a like (`present`) or an unlike, numbered among the pair's changes, applies it to the
 * cached counts and answers with the entry's counts read after the commit. The cache applies a
 * change only if no later one of the pair reached it first, so a like and an unlike of one entry
 * that cross leave the cache where the database ends.
 */
async function change(context: ServiceContext, likerId: string, entry: BoardLikeRequest, present: boolean): Promise<BoardLikeResponse> {
  const now = context.now().getTime();
  const seq = await runInTransaction(context.db, async (manager) => {
    const number = await likes.numberLikeChange(manager, entry, likerId, present);
    if (present) await likes.addLike(manager, entry, likerId, now);
    else await likes.removeLike(manager, entry, likerId);
    return number;
  });
  await context.leaderboard.recordLike(entry, likerId, { present, seq });
  const counts = await likes.likesOf(context.db.manager, entry, likerId);
  return { like: { ...entry, ...counts } };
}

/**
 * Likes another user's entry on today's or yesterday's board. The database key allows one like
 * per liker and entry, so a repeat (or a double tap) changes nothing and counts stay exact
 * however many like at once.
 */
export async function likeBoardEntry(context: ServiceContext, likerId: string, entry: BoardLikeRequest): Promise<BoardLikeResponse> {
  await checkEntry(context, likerId, entry);
  const liker = await findUser(context.db.manager, likerId);
  if (!liker) throw authInvalid('This account no longer exists');
  if (liker.frozen) throw userFrozen();
  if (!(await context.leaderboard.hasEntry(entry.date, entry.scope, entry.userId))) {
    throw notFound(`User ${entry.userId}'s entry on the ${entry.scope} board of ${entry.date}`);
  }
  return change(context, likerId, entry, true);
}

/** Takes back a like; taking back one never given changes nothing. */
export async function unlikeBoardEntry(context: ServiceContext, likerId: string, entry: BoardLikeRequest): Promise<BoardLikeResponse> {
  await checkEntry(context, likerId, entry);
  return change(context, likerId, entry, false);
}

/** A board read from the database, with each entry's likes and the caller's own, also from the database. */
export async function withLikes(context: ServiceContext, board: BoardRead, userId: string): Promise<DailyLeaderboardResponse> {
  const ids = board.entries.map((entry) => entry.userId);
  if (board.me && !ids.includes(userId)) ids.push(userId);
  const counts = await likes.likesOnBoard(context.db.manager, board.date, board.scope, ids, userId);
  const none = { likes: 0, likedByMe: false };
  return {
    ...board,
    entries: board.entries.map((entry) => ({ ...entry, ...(counts.get(entry.userId) ?? none) })),
    me: board.me ? { ...board.me, likes: counts.get(userId)?.likes ?? 0 } : null,
  };
}

/** Who liked the caller's entries on a day (default today), newest first, with the day's total. */
export async function listReceivedLikes(
  context: ServiceContext,
  userId: string,
  query: { date?: string; cursor?: string; limit: number },
): Promise<MyLikesResponse> {
  const date = query.date ?? businessDate(context.now(), context.config.businessTimeZone);
  const [page, total] = await Promise.all([
    likes.receivedLikes(context.db.manager, userId, date, query),
    likes.receivedCount(context.db.manager, userId, date),
  ]);
  return { date, total, ...page };
}
