import type Router from '@koa/router';
import { API_ROUTES, MAX_IMAGE_BYTES } from '@calorie-bank/shared';
import { singleFile } from '../../http/multipart.js';
import { storeOfferImage } from '../../services/uploads.js';
import { createOffer, listMerchantOffers, moveOffer, updateOffer } from '../../services/offers.js';
import { markVoucherUsed } from '../../services/mark-voucher-used.js';
import { merchantStats } from '../../services/merchant-stats.js';
import { refundVoucher } from '../../services/refund-voucher.js';
import { listMerchantVouchers } from '../../services/voucher-lists.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

/** A merchant's console: only their own offers and vouchers are within reach. */
export function merchantRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.merchantOffers, ({ principal, query }) => listMerchantOffers(context, principal.merchantId, query));
  mount(API_ROUTES.createOffer, ({ principal, body }) => createOffer(context, principal.merchantId, body));
  mount(API_ROUTES.updateOffer, ({ principal, params, body }) => updateOffer(context, principal.merchantId, params.id, body));
  mount(API_ROUTES.submitOffer, ({ principal, params }) =>
    moveOffer(context, params.id, { from: 'draft', to: 'pending', merchantId: principal.merchantId }),
  );
  mount(API_ROUTES.markVoucherUsed, ({ principal, body }) => markVoucherUsed(context, principal.merchantId, body.code));
  mount(API_ROUTES.merchantVouchers, ({ principal, query }) => listMerchantVouchers(context, principal.merchantId, query));
  mount(API_ROUTES.merchantRefundVoucher, ({ principal, params }) => refundVoucher(context, params.id, { merchantId: principal.merchantId }));
  mount(API_ROUTES.merchantStats, ({ principal }) => merchantStats(context, principal.merchantId));
  mount(API_ROUTES.uploadImage, [singleFile('file', MAX_IMAGE_BYTES)], ({ principal }, ctx) =>
    storeOfferImage(context, principal.merchantId, ctx.request.file!.buffer),
  );
  return router;
}
