import Router from '@koa/router';
import { API_ROUTES, businessDate } from '@calorie-bank/shared';
import { notFound } from '../../errors.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

const SCOPE_TABLES = { community: 'communities', campaign: 'campaigns' } as const;

export function leaderboardRoutes({ context, requireUser }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.dailyLeaderboard, [requireUser], async (ctx, { query }) => {
    const [kind, id] = query.scope.split(':') as ['global' | keyof typeof SCOPE_TABLES, string | undefined];
    if (kind !== 'global') {
      const rows: unknown[] = await context.db.query(`SELECT id FROM ${SCOPE_TABLES[kind]} WHERE id = ?`, [id]);
      if (rows.length === 0) throw notFound(`Leaderboard scope ${query.scope}`);
    }
    const date = query.date ?? businessDate(context.now(), context.config.businessTimeZone);
    return context.leaderboard.read({ date, scope: query.scope, limit: query.limit, userId: ctx.state.userId! });
  });
  return router;
}
