import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { moveOffer } from '../../services/offers.js';
import { createMerchant } from '../../services/staff.js';
import { refundVoucher } from '../../services/vouchers.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';
import { idParam } from '../params.js';

export function opsRoutes({ context, requireOperator }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.createMerchant, [requireOperator], (_ctx, { body }) => createMerchant(context, body));
  mount(router, API_ROUTES.opsRefundVoucher, [requireOperator], (ctx) => refundVoucher(context, idParam(ctx)));
  mount(router, API_ROUTES.approveOffer, [requireOperator], (ctx) => moveOffer(context, idParam(ctx), { from: 'pending', to: 'live' }));
  mount(router, API_ROUTES.rejectOffer, [requireOperator], (ctx, { body }) =>
    moveOffer(context, idParam(ctx), { from: 'pending', to: 'rejected', reason: body.reason }),
  );
  return router;
}
