import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { getLiveOffer, listLiveOffers } from '../../services/offers.js';
import { redeemOffer } from '../../services/redeem-offer.js';
import { getUserVoucher, listUserVouchers } from '../../services/voucher-lists.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';
import { idParam, idempotencyKey } from '../params.js';

export function offerRoutes({ context, requireUser }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.listOffers, [requireUser], (_ctx, { query }) => listLiveOffers(context, query));
  mount(router, API_ROUTES.getOffer, [requireUser], (ctx) => getLiveOffer(context, idParam(ctx)));
  mount(router, API_ROUTES.redeemOffer, [requireUser], async (ctx, { body }) => {
    const { voucher, balance } = await redeemOffer(context, ctx.state.userId!, idParam(ctx), idempotencyKey(ctx), body);
    return { voucher, balance };
  });
  mount(router, API_ROUTES.listVouchers, [requireUser], (ctx, { query }) => listUserVouchers(context, ctx.state.userId!, query));
  mount(router, API_ROUTES.getVoucher, [requireUser], (ctx) => getUserVoucher(context, ctx.state.userId!, idParam(ctx)));
  return router;
}
