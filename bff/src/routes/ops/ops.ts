import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import type { OperatorPrincipal } from '../../http/auth.js';
import { listAudit, type Operator } from '../../services/audit.js';
import { createCampaign, listCampaigns, updateCampaign } from '../../services/campaigns.js';
import { createCommunity, listCommunities } from '../../services/communities.js';
import { createEvent, listStaffEvents } from '../../services/events.js';
import { cancelEvent, getStaffEvent, listEventSignups, updateEvent } from '../../services/event-admin.js';
import { listOffersByStatus, moveOffer } from '../../services/offers.js';
import { dayStats, statsSeries } from '../../services/ops-stats.js';
import { adjustBalance, listFlaggedSyncs, searchUsers, setFrozen } from '../../services/ops-users.js';
import { createMerchant, listMerchants } from '../../services/staff.js';
import { refundVoucher } from '../../services/refund-voucher.js';
import { settleDay } from '../../settlement/settle-day.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';
import { idempotencyKey } from '../params.js';

/** The operator as the audit log names them. */
const operator = ({ staffId }: OperatorPrincipal): Operator => ({ id: staffId });

export function opsRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.createMerchant, ({ principal, body }) => createMerchant(context, operator(principal), body));
  mount(API_ROUTES.opsMerchants, ({ query }) => listMerchants(context, query));
  mount(API_ROUTES.opsRefundVoucher, ({ principal, params }) => refundVoucher(context, params.id, { operator: operator(principal) }));
  mount(API_ROUTES.opsOffers, ({ query }) => listOffersByStatus(context, query));
  mount(API_ROUTES.approveOffer, ({ principal, params }) =>
    moveOffer(context, params.id, { from: 'pending', to: 'live', operator: operator(principal) }),
  );
  mount(API_ROUTES.rejectOffer, ({ principal, params, body }) =>
    moveOffer(context, params.id, { from: 'pending', to: 'rejected', reason: body.reason, operator: operator(principal) }),
  );
  mount(API_ROUTES.listCampaigns, () => listCampaigns(context));
  mount(API_ROUTES.createCampaign, ({ principal, body }) => createCampaign(context, operator(principal), body));
  mount(API_ROUTES.updateCampaign, ({ principal, params, body }) => updateCampaign(context, operator(principal), params.id, body));
  mount(API_ROUTES.opsCommunities, ({ query }) => listCommunities(context, null, query));
  mount(API_ROUTES.createCommunity, ({ principal, body }) => createCommunity(context, operator(principal), body));
  mount(API_ROUTES.opsCommunityEvents, ({ params }) => listStaffEvents(context, params.id));
  mount(API_ROUTES.createEvent, ({ principal, params, body }) => createEvent(context, operator(principal), params.id, body));
  mount(API_ROUTES.opsEvent, ({ params }) => getStaffEvent(context, params.id));
  mount(API_ROUTES.updateEvent, ({ principal, params, body }) => updateEvent(context, operator(principal), params.id, body));
  mount(API_ROUTES.cancelEvent, ({ principal, params, body }) => cancelEvent(context, operator(principal), params.id, body.reason));
  mount(API_ROUTES.eventSignups, ({ params, query }) => listEventSignups(context, params.id, query));
  mount(API_ROUTES.opsUsers, ({ query }) => searchUsers(context, query));
  mount(API_ROUTES.freezeUser, ({ principal, params, body }) => setFrozen(context, operator(principal), params.id, true, body.reason ?? null));
  mount(API_ROUTES.unfreezeUser, ({ principal, params, body }) => setFrozen(context, operator(principal), params.id, false, body.reason ?? null));
  mount(API_ROUTES.createAdjustment, ({ principal, body }, ctx) => adjustBalance(context, operator(principal), idempotencyKey(ctx), body));
  mount(API_ROUTES.flaggedSyncs, ({ query }) => listFlaggedSyncs(context, query));
  mount(API_ROUTES.auditLog, ({ query }) => listAudit(context, query));
  mount(API_ROUTES.opsStats, ({ query }) => dayStats(context, query.date));
  mount(API_ROUTES.opsStatsSeries, ({ query }) => statsSeries(context, query.days));
  mount(API_ROUTES.settleDay, ({ principal, body }) => settleDay(context, body.date, operator(principal)));
  return router;
}
