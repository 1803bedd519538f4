import type { Middleware } from 'koa';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { ServiceContext } from '../services/context.js';

/** What route modules are built from. */
export interface RouteDeps {
  context: ServiceContext;
  requireUser: Middleware;
  requireMerchant: Middleware;
  requireOperator: Middleware;
  limiters: { logins: RateLimiterAbstract; syncs: RateLimiterAbstract; checkinCodes: RateLimiterAbstract; staffAccounts: RateLimiterAbstract };
}
