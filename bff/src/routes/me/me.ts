import type Router from '@koa/router';
import { API_ROUTES, MAX_IMAGE_BYTES } from '@calorie-bank/shared';
import { singleFile } from '../../http/multipart.js';
import { getMe, updateProfile, uploadAvatar } from '../../services/users.js';
import { listReceivedLikes } from '../../services/likes.js';
import { dismissWarnings, myWarnings } from '../../services/warnings.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function meRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.me, ({ principal }) => getMe(context, principal.userId));
  mount(API_ROUTES.updateProfile, ({ principal, body }) => updateProfile(context, principal.userId, body));
  mount(API_ROUTES.uploadAvatar, [singleFile('file', MAX_IMAGE_BYTES)], ({ principal }, ctx) =>
    uploadAvatar(context, principal.userId, ctx.request.file!.buffer),
  );
  mount(API_ROUTES.myLikes, ({ principal, query }) => listReceivedLikes(context, principal.userId, query));
  mount(API_ROUTES.myWarnings, ({ principal }) => myWarnings(context, principal.userId));
  mount(API_ROUTES.markWarningsSeen, ({ principal, body }) => dismissWarnings(context, principal.userId, body.ids));
  return router;
}
