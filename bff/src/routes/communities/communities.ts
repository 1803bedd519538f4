import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { getCommunity, joinCommunity, leaveCommunity, listCommunities } from '../../services/communities.js';
import { cancelEventSignUp, checkInAtEvent, hasCheckedIn, listCommunityEvents, signUpForEvent } from '../../services/events.js';
import { limitFailures } from '../../http/rate-limit.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter, type RouteMiddleware } from '../define.js';

export function communityRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.listCommunities, ({ principal, query }) => listCommunities(context, principal.userId, query));
  mount(API_ROUTES.getCommunity, ({ principal, params }) => getCommunity(context, principal.userId, params.id));
  mount(API_ROUTES.joinCommunity, ({ principal, params }) => joinCommunity(context, principal.userId, params.id));
  mount(API_ROUTES.leaveCommunity, ({ principal, params }) => leaveCommunity(context, principal.userId, params.id));
  mount(API_ROUTES.communityEvents, ({ principal, params }) => listCommunityEvents(context, principal.userId, params.id));
  mount(API_ROUTES.signUpForEvent, ({ principal, params }) => signUpForEvent(context, principal.userId, params.id));
  mount(API_ROUTES.cancelEventSignUp, ({ principal, params }) => cancelEventSignUp(context, principal.userId, params.id));
  // Wrong codes are limited per user and event, so that a 6-digit code cannot be guessed. A user
  // already checked in has nothing left to guess (the check-in only answers again), so such a
  // repeat goes past the limit and takes none of its guesses.
  const guesses = limitFailures(limiters.checkinCodes, (ctx) => `${ctx.state.principal.userId}:${ctx.params.id}`, 'CHECKIN_CODE_INVALID');
  const guessesUnlessCheckedIn: RouteMiddleware<typeof API_ROUTES.checkInAtEvent> = async (ctx, next) =>
    (await hasCheckedIn(context, ctx.state.principal.userId, ctx.params.id)) ? next() : guesses(ctx, next);
  mount(API_ROUTES.checkInAtEvent, [guessesUnlessCheckedIn], ({ principal, params, body }) => checkInAtEvent(context, principal.userId, params.id, body.code));
  return router;
}
