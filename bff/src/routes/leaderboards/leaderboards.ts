import type Router from '@koa/router';
import { API_ROUTES, businessDate } from '@calorie-bank/shared';
import { notFound } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function leaderboardRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.dailyLeaderboard, async ({ principal, query }) => {
    if (!(await context.leaderboard.scopeExists(query.scope))) throw notFound(`Leaderboard scope ${query.scope}`);
    const date = query.date ?? businessDate(context.now(), context.config.businessTimeZone);
    return context.leaderboard.read({ date, scope: query.scope, limit: query.limit, userId: principal.userId });
  });
  return router;
}
