import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { getCommunity, joinCommunity, leaveCommunity, listCommunities } from '../../services/communities.js';
import { cancelEventSignUp, checkInAtEvent, listCommunityEvents, signUpForEvent } from '../../services/events.js';
import { limitFailures } from '../../http/rate-limit.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';
import { idParam } from '../params.js';

export function communityRoutes({ context, requireUser, limiters }: RouteDeps): Router {
  const router = new Router();
  const user = (ctx: { state: { userId?: string } }) => ctx.state.userId!;
  mount(router, API_ROUTES.listCommunities, [requireUser], (ctx, { query }) => listCommunities(context, user(ctx), query));
  mount(router, API_ROUTES.getCommunity, [requireUser], (ctx) => getCommunity(context, user(ctx), idParam(ctx)));
  mount(router, API_ROUTES.joinCommunity, [requireUser], (ctx) => joinCommunity(context, user(ctx), idParam(ctx)));
  mount(router, API_ROUTES.leaveCommunity, [requireUser], (ctx) => leaveCommunity(context, user(ctx), idParam(ctx)));
  mount(router, API_ROUTES.communityEvents, [requireUser], (ctx) => listCommunityEvents(context, user(ctx), idParam(ctx)));
  mount(router, API_ROUTES.signUpForEvent, [requireUser], (ctx) => signUpForEvent(context, user(ctx), idParam(ctx)));
  mount(router, API_ROUTES.cancelEventSignUp, [requireUser], (ctx) => cancelEventSignUp(context, user(ctx), idParam(ctx)));
  // Wrong codes are limited per user and event, so that a 6-digit code cannot be guessed.
  const guesses = limitFailures(limiters.checkinCodes, (ctx) => `${user(ctx)}:${ctx.params.id}`, 'CHECKIN_CODE_INVALID');
  mount(router, API_ROUTES.checkInAtEvent, [requireUser, guesses], (ctx, { body }) => checkInAtEvent(context, user(ctx), idParam(ctx), body.code));
  return router;
}
