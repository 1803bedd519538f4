import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { listWalletTransactions } from '../../services/wallet.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

export function walletRoutes({ context, requireUser }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.walletTransactions, [requireUser], (ctx, { query }) =>
    listWalletTransactions(context, ctx.state.userId!, query),
  );
  return router;
}
