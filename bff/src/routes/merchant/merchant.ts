import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { createOffer, listMerchantOffers, moveOffer, updateOffer } from '../../services/offers.js';
import { markVoucherUsed } from '../../services/mark-voucher-used.js';
import { merchantStats } from '../../services/merchant-stats.js';
import { refundVoucher } from '../../services/refund-voucher.js';
import { listMerchantVouchers } from '../../services/voucher-lists.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';
import { idParam } from '../params.js';

/** A merchant's console: only their own offers and vouchers are within reach. */
export function merchantRoutes({ context, requireMerchant }: RouteDeps): Router {
  const router = new Router();
  const merchantOf = (ctx: { state: { staff?: { merchantId?: string } } }) => ctx.state.staff!.merchantId!;
  mount(router, API_ROUTES.merchantOffers, [requireMerchant], (ctx, { query }) => listMerchantOffers(context, merchantOf(ctx), query));
  mount(router, API_ROUTES.createOffer, [requireMerchant], (ctx, { body }) => createOffer(context, merchantOf(ctx), body));
  mount(router, API_ROUTES.updateOffer, [requireMerchant], (ctx, { body }) => updateOffer(context, merchantOf(ctx), idParam(ctx), body));
  mount(router, API_ROUTES.submitOffer, [requireMerchant], (ctx) =>
    moveOffer(context, idParam(ctx), { from: 'draft', to: 'pending', merchantId: merchantOf(ctx) }),
  );
  mount(router, API_ROUTES.markVoucherUsed, [requireMerchant], (ctx, { body }) => markVoucherUsed(context, merchantOf(ctx), body.code));
  mount(router, API_ROUTES.merchantVouchers, [requireMerchant], (ctx, { query }) => listMerchantVouchers(context, merchantOf(ctx), query));
  mount(router, API_ROUTES.merchantRefundVoucher, [requireMerchant], (ctx) => refundVoucher(context, idParam(ctx), { merchantId: merchantOf(ctx) }));
  mount(router, API_ROUTES.merchantStats, [requireMerchant], (ctx) => merchantStats(context, merchantOf(ctx)));
  return router;
}
