import type Router from '@koa/router';
import { API_ROUTES, businessDate } from '@calorie-bank/shared';
import { rateLimit } from '../../http/rate-limit.js';
import { readDailyBoard } from '../../services/leaderboards.js';
import { likeBoardEntry, unlikeBoardEntry } from '../../services/likes.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function leaderboardRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  // Today's date changes once a day; working it out (Intl, time zones) on every read costs more than the read.
  let today = { second: Number.NaN, date: '' };
  const todayNow = (): string => {
    const now = context.now();
    const second = Math.floor(now.getTime() / 1000);
    if (second !== today.second) today = { second, date: businessDate(now, context.config.businessTimeZone) };
    return today.date;
  };
  mount(API_ROUTES.dailyLeaderboard, async ({ principal, query }) => {
    const today = todayNow();
    return readDailyBoard(context, { date: query.date ?? today, scope: query.scope, limit: query.limit, userId: principal.userId }, today);
  });
  // Likes and unlikes share one budget per liker, so that tapping back and forth is limited too.
  const perLiker = rateLimit(limiters.likes, (ctx) => ctx.state.principal.userId);
  mount(API_ROUTES.likeBoardEntry, [perLiker], ({ principal, body }) => likeBoardEntry(context, principal.userId, body));
  mount(API_ROUTES.unlikeBoardEntry, [perLiker], ({ principal, query }) => unlikeBoardEntry(context, principal.userId, query));
  return router;
}
