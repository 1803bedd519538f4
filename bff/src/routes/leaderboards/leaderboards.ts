import Router from '@koa/router';
import { API_ROUTES, businessDate } from '@calorie-bank/shared';
import { notFound } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

export function leaderboardRoutes({ context, requireUser }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.dailyLeaderboard, [requireUser], async (ctx, { query }) => {
    if (!(await context.leaderboard.scopeExists(query.scope))) throw notFound(`Leaderboard scope ${query.scope}`);
    const date = query.date ?? businessDate(context.now(), context.config.businessTimeZone);
    return context.leaderboard.read({ date, scope: query.scope, limit: query.limit, userId: ctx.state.userId! });
  });
  return router;
}
