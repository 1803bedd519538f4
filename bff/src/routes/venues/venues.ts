import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import type { OperatorPrincipal } from '../../http/auth.js';
import { rateLimit } from '../../http/rate-limit.js';
import type { Operator } from '../../services/audit.js';
import { bookSlot, cancelBooking, listBookings } from '../../services/bookings.js';
import { enterGate, exitGate } from '../../services/gate.js';
import {
  createFacility,
  createVenue,
  getLiveVenue,
  getMerchantVenue,
  listLiveVenues,
  listMerchantVenues,
  listVenuesByStatus,
  moveVenue,
  setSlotPattern,
  updateFacility,
  updateVenue,
} from '../../services/venues.js';
import { createEntryPass, listVisits, venueLive } from '../../services/visits.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';
import { idempotencyKey } from '../params.js';

const operator = ({ staffId }: OperatorPrincipal): Operator => ({ id: staffId });

/** Venues, bookings and visits (contract section 5): users', the venue's staff's and operators' routes. */
export function venueRoutes({ context, guards, limiters }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.listVenues, ({ query }) => listLiveVenues(context, query));
  mount(API_ROUTES.getVenue, ({ params }) => getLiveVenue(context, params.id));
  mount(API_ROUTES.bookSlot, ({ principal, params, body }, ctx) => bookSlot(context, principal.userId, params.slotId, idempotencyKey(ctx), body));
  mount(API_ROUTES.cancelBooking, ({ principal, params }) => cancelBooking(context, principal.userId, params.id));
  mount(API_ROUTES.listBookings, ({ principal, query }) => listBookings(context, principal.userId, query));
  mount(API_ROUTES.createEntryPass, [rateLimit(limiters.entryPasses, (ctx) => ctx.state.principal.userId)], ({ principal }) => createEntryPass(context, principal.userId));
  mount(API_ROUTES.listVisits, ({ principal, query }) => listVisits(context, principal.userId, query));

  mount(API_ROUTES.merchantVenues, ({ principal, query }) => listMerchantVenues(context, principal.merchantId, query));
  mount(API_ROUTES.merchantVenue, ({ principal, params }) => getMerchantVenue(context, principal.merchantId, params.id));
  mount(API_ROUTES.updateVenue, ({ principal, params, body }) => updateVenue(context, principal.merchantId, params.id, body));
  mount(API_ROUTES.submitVenue, ({ principal, params }) =>
    moveVenue(context, params.id, { from: ['draft', 'rejected'], to: 'pending', merchantId: principal.merchantId }),
  );
  mount(API_ROUTES.createFacility, ({ principal, params, body }) => createFacility(context, principal.merchantId, params.id, body));
  mount(API_ROUTES.updateFacility, ({ principal, params, body }) => updateFacility(context, principal.merchantId, params.id, body));
  mount(API_ROUTES.setSlotPattern, ({ principal, params, body }) => setSlotPattern(context, principal.merchantId, params.id, body.pattern));
  mount(API_ROUTES.gateEnter, ({ principal, body }) => enterGate(context, principal.merchantId, body));
  mount(API_ROUTES.gateExit, ({ principal, body }) => exitGate(context, principal.merchantId, body));
  mount(API_ROUTES.venueLive, ({ principal, params }) => venueLive(context, principal.merchantId, params.id));

  mount(API_ROUTES.opsVenues, ({ query }) => listVenuesByStatus(context, query));
  mount(API_ROUTES.createVenue, ({ principal, body }) => createVenue(context, operator(principal), body));
  mount(API_ROUTES.approveVenue, ({ principal, params }) => moveVenue(context, params.id, { from: ['pending'], to: 'live', operator: operator(principal) }));
  mount(API_ROUTES.rejectVenue, ({ principal, params, body }) =>
    moveVenue(context, params.id, { from: ['pending'], to: 'rejected', reason: body.reason, operator: operator(principal) }),
  );
  return router;
}
