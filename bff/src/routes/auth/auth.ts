import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { rateLimit } from '../../http/rate-limit.js';
import { loginWithPlatform } from '../../services/users.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

export function authRoutes({ context, limiters }: RouteDeps): Router {
  const router = new Router();
  // The body's shape depends on the platform, which the adapter checks; the union schema checks the rest.
  mount(router, API_ROUTES.login, [rateLimit(limiters.logins, (ctx) => ctx.ip)], (_ctx, { body }) =>
    loginWithPlatform(context, body),
  );
  return router;
}
