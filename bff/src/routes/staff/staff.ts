import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { limitFailuresOf, rateLimit } from '../../http/rate-limit.js';
import { staffLogin } from '../../services/staff.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

/**
 * Every attempt spends the client address's budget; wrong passwords also spend the account's, so
 * guesses at one account from many addresses are limited too (see docs/design.md).
 */
export function staffRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.staffLogin, [rateLimit(limiters.logins, (ctx) => `staff:${ctx.ip}`)], ({ body }) =>
    staffLogin(context, body.username, body.password, (account, attempt) => limitFailuresOf(limiters.staffAccounts, account, 'AUTH_INVALID', attempt)),
  );
  return router;
}
