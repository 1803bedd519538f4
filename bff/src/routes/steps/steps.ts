import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { rateLimit } from '../../http/rate-limit.js';
import { creditDailySteps } from '../../services/steps.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

export function stepsRoutes({ context, requireUser, limiters }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.syncSteps, [requireUser, rateLimit(limiters.syncs, (ctx) => ctx.state.userId!)], (ctx, { body }) =>
    creditDailySteps(context, ctx.state.userId!, body),
  );
  return router;
}
