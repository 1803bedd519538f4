import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { rateLimit } from '../../http/rate-limit.js';
import { loginWithPlatform } from '../../services/users.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function authRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  // The body's shape depends on the platform, which the adapter checks; the union schema checks the rest.
  mount(API_ROUTES.login, [rateLimit(limiters.logins, (ctx) => ctx.ip)], ({ body }) => loginWithPlatform(context, body));
  return router;
}
