import type Router from '@koa/router';
import { API_ROUTES, MAX_IMAGE_BYTES } from '@calorie-bank/shared';
import { singleFile } from '../../http/multipart.js';
import { rateLimit } from '../../http/rate-limit.js';
import { createComment, deleteComment, listComments, reportItem } from '../../services/comments.js';
import { listCommunities } from '../../services/communities.js';
import { communityReports } from '../../services/moderation.js';
import { activeUser, communityFeed, createMerchantPost, createPost, deletePost, getPost, joinedFeed, likePost, merchantPosts } from '../../services/posts.js';
import { storeImage } from '../../services/uploads.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

/** Posts, comments, likes and reports of users, and merchants' posts. */
export function postRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  const byUser = (limiter: keyof typeof limiters.posts) => rateLimit<{ principal: { userId: string } }>(limiters.posts[limiter], (ctx) => ctx.state.principal.userId);
  mount(API_ROUTES.uploadPostImage, [byUser('images'), singleFile('file', MAX_IMAGE_BYTES)], async ({ principal }, ctx) => {
    await activeUser(context, principal.userId);
    const image = await storeImage(context, ctx.request.file!.buffer);
    return { image: { url: image.url, width: image.width, height: image.height } };
  });
  mount(API_ROUTES.createPost, [byUser('posts')], ({ principal, params, body }) => createPost(context, principal.userId, params.id, body));
  mount(API_ROUTES.communityFeed, ({ principal, params, query }) => communityFeed(context, principal.userId, params.id, query));
  mount(API_ROUTES.joinedFeed, ({ principal, query }) => joinedFeed(context, principal.userId, query));
  mount(API_ROUTES.getPost, ({ principal, params }) => getPost(context, principal.userId, params.id));
  mount(API_ROUTES.deletePost, ({ principal, params }) => deletePost(context, params.id, { userId: principal.userId }));
  mount(API_ROUTES.likePost, [byUser('likes')], ({ principal, params }) => likePost(context, principal.userId, params.id, true));
  mount(API_ROUTES.unlikePost, [byUser('likes')], ({ principal, params }) => likePost(context, principal.userId, params.id, false));
  mount(API_ROUTES.postComments, ({ principal, params, query }) => listComments(context, principal.userId, params.id, query));
  mount(API_ROUTES.createComment, [byUser('comments')], ({ principal, params, body }) => createComment(context, principal.userId, params.id, body));
  mount(API_ROUTES.deleteComment, ({ principal, params }) => deleteComment(context, { userId: principal.userId }, params.id));
  mount(API_ROUTES.reportPost, ({ principal, params, body }) => reportItem(context, principal.userId, { type: 'post', id: params.id }, body));
  mount(API_ROUTES.reportComment, ({ principal, params, body }) => reportItem(context, principal.userId, { type: 'comment', id: params.id }, body));
  mount(API_ROUTES.communityReports, ({ principal, params, query }) => communityReports(context, principal.userId, params.id, query));
  const byMerchant = rateLimit<{ principal: { merchantId: string } }>(limiters.posts.posts, (ctx) => `merchant:${ctx.state.principal.merchantId}`);
  mount(API_ROUTES.merchantCreatePost, [byMerchant], ({ principal, params, body }) => createMerchantPost(context, principal.merchantId, params.id, body));
  mount(API_ROUTES.merchantCommunities, ({ query }) => listCommunities(context, null, query));
  mount(API_ROUTES.merchantPosts, ({ principal, query }) => merchantPosts(context, principal.merchantId, query));
  mount(API_ROUTES.merchantDeletePost, ({ principal, params }) => deletePost(context, params.id, { merchantId: principal.merchantId }));
  return router;
}
