import type Router from '@koa/router';
import { API_ROUTES, MAX_IMAGE_BYTES } from '@calorie-bank/shared';
import type { OperatorPrincipal } from '../../http/auth.js';
import { singleFile } from '../../http/multipart.js';
import { rateLimit } from '../../http/rate-limit.js';
import type { Operator } from '../../services/audit.js';
import { buyCollectible, createSeries, endSeries, listOpsSeries, listSeriesForUser, myCollectible, myCollection } from '../../services/collectibles.js';
import { contentChannel, contentDetail, likeContent, listContent, listOpsContent, publishContent, takeDownContent, unlikeContent, updateContent } from '../../services/content.js';
import { buyMembership, getMembership } from '../../services/membership.js';
import { storeImage } from '../../services/uploads.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';
import { idempotencyKey } from '../params.js';

const operator = ({ staffId }: OperatorPrincipal): Operator => ({ id: staffId });

/** The content channel, the fan membership and digital collectibles: users' and operators' routes. */
export function contentRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.contentChannel, ({ principal }) => contentChannel(context, principal.userId));
  mount(API_ROUTES.listContent, ({ principal, query }) => listContent(context, principal.userId, query));
  mount(API_ROUTES.getContent, ({ principal, params }) => contentDetail(context, principal.userId, params.id));
  // Content likes share the per-user like budget with board likes.
  const perLiker = rateLimit(limiters.likes, (ctx) => ctx.state.principal.userId);
  mount(API_ROUTES.likeContent, [perLiker], ({ principal, params }) => likeContent(context, principal.userId, params.id));
  mount(API_ROUTES.unlikeContent, [perLiker], ({ principal, params }) => unlikeContent(context, principal.userId, params.id));

  mount(API_ROUTES.getMembership, ({ principal }) => getMembership(context, principal.userId));
  mount(API_ROUTES.buyMembership, ({ principal }, ctx) => buyMembership(context, principal.userId, idempotencyKey(ctx)));

  mount(API_ROUTES.listSeries, ({ principal, query }) => listSeriesForUser(context, principal.userId, query));
  mount(API_ROUTES.buyCollectible, ({ principal, params }, ctx) => buyCollectible(context, principal.userId, params.id, idempotencyKey(ctx)));
  mount(API_ROUTES.myCollection, ({ principal, query }) => myCollection(context, principal.userId, query));
  mount(API_ROUTES.myCollectible, ({ principal, params }) => myCollectible(context, principal.userId, params.id));

  mount(API_ROUTES.opsUploadImage, [singleFile('file', MAX_IMAGE_BYTES)], async (_input, ctx) => ({ image: await storeImage(context, ctx.request.file!.buffer) }));
  mount(API_ROUTES.opsContent, ({ query }) => listOpsContent(context, query));
  mount(API_ROUTES.publishContent, ({ principal, body }) => publishContent(context, operator(principal), body));
  mount(API_ROUTES.updateContent, ({ principal, params, body }) => updateContent(context, operator(principal), params.id, body));
  mount(API_ROUTES.takeDownContent, ({ principal, params }) => takeDownContent(context, operator(principal), params.id));
  mount(API_ROUTES.opsSeries, ({ query }) => listOpsSeries(context, query));
  mount(API_ROUTES.createSeries, ({ principal, body }) => createSeries(context, operator(principal), body));
  mount(API_ROUTES.endSeries, ({ principal, params }) => endSeries(context, operator(principal), params.id));
  return router;
}
