import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import type { OperatorPrincipal } from '../../http/auth.js';
import type { Operator } from '../../services/audit.js';
import { listModerators, moderate, moderationQueue, opsDeleteComment, opsDeletePost, setModerator } from '../../services/moderation.js';
import { addSensitiveWords, listSensitiveWords, removeSensitiveWord } from '../../services/word-list.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

const operator = ({ staffId }: OperatorPrincipal): Operator => ({ id: staffId });

/** The operators' moderation: the queue and its actions, the sensitive-word list, community moderators. */
export function moderationRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.moderationQueue, ({ query }) => moderationQueue(context, query));
  mount(API_ROUTES.moderationHide, ({ principal, params, body }) => moderate(context, operator(principal), params.id, 'hide', body.reason));
  mount(API_ROUTES.moderationRestore, ({ principal, params, body }) => moderate(context, operator(principal), params.id, 'restore', body.reason));
  mount(API_ROUTES.moderationWarn, ({ principal, params, body }) => moderate(context, operator(principal), params.id, 'warn', body.reason));
  mount(API_ROUTES.moderationFreeze, ({ principal, params, body }) => moderate(context, operator(principal), params.id, 'freeze', body.reason));
  mount(API_ROUTES.opsDeletePost, ({ principal, params }) => opsDeletePost(context, operator(principal), params.id));
  mount(API_ROUTES.opsDeleteComment, ({ principal, params }) => opsDeleteComment(context, operator(principal), params.id));
  mount(API_ROUTES.sensitiveWords, ({ query }) => listSensitiveWords(context, query));
  mount(API_ROUTES.addSensitiveWords, ({ principal, body }) => addSensitiveWords(context, operator(principal), body));
  mount(API_ROUTES.removeSensitiveWord, ({ principal, params }) => removeSensitiveWord(context, operator(principal), params.id));
  mount(API_ROUTES.communityModerators, ({ params }) => listModerators(context, params.id));
  mount(API_ROUTES.addModerator, ({ principal, params, body }) => setModerator(context, operator(principal), params.id, body.userId, true));
  mount(API_ROUTES.removeModerator, ({ principal, params }) => setModerator(context, operator(principal), params.id, params.userId, false));
  return router;
}
