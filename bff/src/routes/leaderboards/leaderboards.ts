import type Router from '@koa/router';
import { API_ROUTES, businessDate } from '@calorie-bank/shared';
import { notFound } from '../../errors.js';
import { rateLimit } from '../../http/rate-limit.js';
import { likeBoardEntry, unlikeBoardEntry, withLikes } from '../../services/likes.js';
import { withMemberBadges } from '../../services/membership.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function leaderboardRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.dailyLeaderboard, async ({ principal, query }) => {
    if (!(await context.leaderboard.scopeExists(query.scope))) throw notFound(`Leaderboard scope ${query.scope}`);
    const date = query.date ?? businessDate(context.now(), context.config.businessTimeZone);
    const board = await context.leaderboard.read({ date, scope: query.scope, limit: query.limit, userId: principal.userId });
    return withMemberBadges(context, await withLikes(context, board, principal.userId));
  });
  // Likes and unlikes share one budget per liker, so that tapping back and forth is limited too.
  const perLiker = rateLimit(limiters.likes, (ctx) => ctx.state.principal.userId);
  mount(API_ROUTES.likeBoardEntry, [perLiker], ({ principal, body }) => likeBoardEntry(context, principal.userId, body));
  mount(API_ROUTES.unlikeBoardEntry, [perLiker], ({ principal, query }) => unlikeBoardEntry(context, principal.userId, query));
  return router;
}
