import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { rateLimit } from '../../http/rate-limit.js';
import { creditDailySteps } from '../../services/steps.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function stepsRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.syncSteps, [rateLimit(limiters.syncs, (ctx) => ctx.state.principal.userId)], ({ principal, body }) =>
    creditDailySteps(context, principal.userId, body),
  );
  return router;
}
