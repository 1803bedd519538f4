import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { rateLimit } from '../../http/rate-limit.js';
import { staffLogin } from '../../services/staff.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

export function staffRoutes({ context, limiters }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.staffLogin, [rateLimit(limiters.logins, (ctx) => `staff:${ctx.ip}`)], (_ctx, { body }) =>
    staffLogin(context, body.username, body.password),
  );
  return router;
}
