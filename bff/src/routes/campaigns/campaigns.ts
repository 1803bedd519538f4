import type Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { campaignsForUser } from '../../services/campaigns.js';
import type { RouteDeps } from '../deps.js';
import { contractRouter } from '../define.js';

export function campaignRoutes({ context, guards }: RouteDeps): Router {
  const { router, mount } = contractRouter(guards);
  mount(API_ROUTES.activeCampaigns, ({ principal }) => campaignsForUser(context, principal.userId));
  return router;
}
