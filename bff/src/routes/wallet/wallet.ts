import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { listWalletTransactions } from '../../services/wallet.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function walletRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.walletTransactions, ({ principal, query }) => listWalletTransactions(context, principal.userId, query));
  return router;
}
