import { addDays, type DailyLeaderboardResponse } from '@calorie-bank/shared';
import { notFound } from '../errors.js';
import { JsonText } from '../http/json-text.js';
import { CACHED_BOARD_DAYS } from '../leaderboard/board-builds.js';
import type { BoardQuery } from '../leaderboard/daily-leaderboard.js';
import type { ServiceContext } from './context.js';
import { withLikes } from './likes.js';
import { withMemberBadges } from './membership.js';

/** Whether a date's board is one Redis keeps: today or one of the CACHED_BOARD_DAYS − 1 days before. */
export function isCachedBoardDate(date: string, today: string): boolean {
  return date <= today && date >= addDays(today, 1 - CACHED_BOARD_DAYS);
}

/**
 * A day's board with its likes and the caller's place: from the cache when Redis holds the board
 * (building it from the database first if needed), else from the database. A board Redis
 * already holds is answered without the database, so it keeps answering while the database is
 * out; a scope is checked for existence only when Redis does not hold its board. Boards of dates
 * outside the cached days (see `isCachedBoardDate`) always come from the database.
 */
export async function readDailyBoard(context: ServiceContext, query: BoardQuery, today: string): Promise<DailyLeaderboardResponse | JsonText> {
  const { leaderboard } = context;
  if (!isCachedBoardDate(query.date, today)) {
    if (!(await leaderboard.scopeExists(query.scope))) throw notFound(`Leaderboard scope ${query.scope}`);
    return withMemberBadges(context, await withLikes(context, await leaderboard.readDatabase(query), query.userId));
  }
  const cached = await leaderboard.readCached(query);
  if (cached) return new JsonText(cached);
  if (!(await leaderboard.scopeExists(query.scope))) throw notFound(`Leaderboard scope ${query.scope}`);
  if (await leaderboard.prepare(query.date, query.scope)) {
    const built = await leaderboard.readCached(query);
    if (built) return new JsonText(built);
  }
  return withMemberBadges(context, await withLikes(context, await leaderboard.readDatabase(query), query.userId));
}
