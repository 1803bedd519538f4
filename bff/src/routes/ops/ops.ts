import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import type { Context } from 'koa';
import { listAudit, type Operator } from '../../services/audit.js';
import { createCampaign, listCampaigns, updateCampaign } from '../../services/campaigns.js';
import { createCommunity, listCommunities } from '../../services/communities.js';
import { createEvent, listStaffEvents } from '../../services/events.js';
import { listOffersByStatus, moveOffer } from '../../services/offers.js';
import { dayStats, statsSeries } from '../../services/ops-stats.js';
import { adjustBalance, listFlaggedSyncs, searchUsers, setFrozen } from '../../services/ops-users.js';
import { createMerchant } from '../../services/staff.js';
import { refundVoucher } from '../../services/refund-voucher.js';
import { settleDay } from '../../settlement/settle-day.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';
import { idParam, idempotencyKey } from '../params.js';

const operatorOf = (ctx: Context): Operator => ({ id: ctx.state.staff!.id });

export function opsRoutes({ context, requireOperator }: RouteDeps): Router {
  const router = new Router();
  const ops = [requireOperator];
  mount(router, API_ROUTES.createMerchant, ops, (ctx, { body }) => createMerchant(context, operatorOf(ctx), body));
  mount(router, API_ROUTES.opsRefundVoucher, ops, (ctx) => refundVoucher(context, idParam(ctx), { operator: operatorOf(ctx) }));
  mount(router, API_ROUTES.opsOffers, ops, (_ctx, { query }) => listOffersByStatus(context, query));
  mount(router, API_ROUTES.approveOffer, ops, (ctx) => moveOffer(context, idParam(ctx), { from: 'pending', to: 'live', operator: operatorOf(ctx) }));
  mount(router, API_ROUTES.rejectOffer, ops, (ctx, { body }) =>
    moveOffer(context, idParam(ctx), { from: 'pending', to: 'rejected', reason: body.reason, operator: operatorOf(ctx) }),
  );
  mount(router, API_ROUTES.listCampaigns, ops, () => listCampaigns(context));
  mount(router, API_ROUTES.createCampaign, ops, (ctx, { body }) => createCampaign(context, operatorOf(ctx), body));
  mount(router, API_ROUTES.updateCampaign, ops, (ctx, { body }) => updateCampaign(context, operatorOf(ctx), idParam(ctx), body));
  mount(router, API_ROUTES.opsCommunities, ops, (_ctx, { query }) => listCommunities(context, null, query));
  mount(router, API_ROUTES.createCommunity, ops, (ctx, { body }) => createCommunity(context, operatorOf(ctx), body));
  mount(router, API_ROUTES.opsCommunityEvents, ops, (ctx) => listStaffEvents(context, idParam(ctx)));
  mount(router, API_ROUTES.createEvent, ops, (ctx, { body }) => createEvent(context, operatorOf(ctx), idParam(ctx), body));
  mount(router, API_ROUTES.opsUsers, ops, (_ctx, { query }) => searchUsers(context, query));
  mount(router, API_ROUTES.freezeUser, ops, (ctx, { body }) => setFrozen(context, operatorOf(ctx), idParam(ctx), true, body.reason));
  mount(router, API_ROUTES.unfreezeUser, ops, (ctx, { body }) => setFrozen(context, operatorOf(ctx), idParam(ctx), false, body.reason));
  mount(router, API_ROUTES.createAdjustment, ops, (ctx, { body }) => adjustBalance(context, operatorOf(ctx), idempotencyKey(ctx), body));
  mount(router, API_ROUTES.flaggedSyncs, ops, (_ctx, { query }) => listFlaggedSyncs(context, query));
  mount(router, API_ROUTES.auditLog, ops, (_ctx, { query }) => listAudit(context, query));
  mount(router, API_ROUTES.opsStats, ops, (_ctx, { query }) => dayStats(context, query.date));
  mount(router, API_ROUTES.opsStatsSeries, ops, (_ctx, { query }) => statsSeries(context, query.days));
  mount(router, API_ROUTES.settleDay, ops, (ctx, { body }) => settleDay(context, body.date, operatorOf(ctx)));
  return router;
}
