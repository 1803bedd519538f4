import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { getMe, updateProfile } from '../../services/users.js';
import { listReceivedLikes } from '../../services/likes.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function meRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.me, ({ principal }) => getMe(context, principal.userId));
  mount(API_ROUTES.updateProfile, ({ principal, body }) => updateProfile(context, principal.userId, body));
  mount(API_ROUTES.myLikes, ({ principal, query }) => listReceivedLikes(context, principal.userId, query));
  return router;
}
