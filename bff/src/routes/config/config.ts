import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

/** What the mini-program learns of this deployment at start, so that its "today" and its previews match the BFF's. */
export function configRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  const { businessTimeZone, coinRules, workoutRules, platform, sandbox } = context.config;
  const answer = { businessTimeZone, coinRules: { ...coinRules }, workoutRules: { ...workoutRules }, platform, sandbox };
  mount(API_ROUTES.clientConfig, async () => answer);
  return router;
}
