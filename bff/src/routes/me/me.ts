import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { getMe, updateProfile } from '../../services/users.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

export function meRoutes({ context, requireUser }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.me, [requireUser], (ctx) => getMe(context, ctx.state.userId!));
  mount(router, API_ROUTES.updateProfile, [requireUser], (ctx, { body }) => updateProfile(context, ctx.state.userId!, body));
  return router;
}
