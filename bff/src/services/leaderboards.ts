import type { DailyLeaderboardResponse } from '@calorie-bank/shared';
import { notFound } from '../errors.js';
import { JsonText } from '../http/json-text.js';
import type { BoardQuery } from '../leaderboard/daily-leaderboard.js';
import type { ServiceContext } from './context.js';
import { withLikes } from './likes.js';
import { withMemberBadges } from './membership.js';

/**
 * A day's board with its likes and the caller's place: from the cache when Redis holds the board
 * (building it from the database first if needed), else from the database. A board Redis
 * already holds is answered without the database, so it keeps answering while the database is
 * out; a scope is checked for existence only when Redis does not hold its board.
 */
export async function readDailyBoard(context: ServiceContext, query: BoardQuery): Promise<DailyLeaderboardResponse | JsonText> {
  const { leaderboard } = context;
  const cached = await leaderboard.readCached(query);
  if (cached) return new JsonText(cached);
  if (!(await leaderboard.scopeExists(query.scope))) throw notFound(`Leaderboard scope ${query.scope}`);
  if (await leaderboard.prepare(query.date, query.scope)) {
    const built = await leaderboard.readCached(query);
    if (built) return new JsonText(built);
  }
  return withMemberBadges(context, await withLikes(context, await leaderboard.readDatabase(query), query.userId));
}
