import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { getLiveOffer, listLiveOffers } from '../../services/offers.js';
import { redeemOffer } from '../../services/redeem-offer.js';
import { getUserVoucher, listUserVouchers } from '../../services/voucher-lists.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';
import { idempotencyKey } from '../params.js';

export function offerRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.listOffers, ({ query }) => listLiveOffers(context, query));
  mount(API_ROUTES.getOffer, ({ params }) => getLiveOffer(context, params.id));
  mount(API_ROUTES.redeemOffer, async ({ principal, params, body }, ctx) => {
    const { voucher, balance } = await redeemOffer(context, principal.userId, params.id, idempotencyKey(ctx), body);
    return { voucher, balance };
  });
  mount(API_ROUTES.listVouchers, ({ principal, query }) => listUserVouchers(context, principal.userId, query));
  mount(API_ROUTES.getVoucher, ({ principal, params }) => getUserVoucher(context, principal.userId, params.id));
  return router;
}
