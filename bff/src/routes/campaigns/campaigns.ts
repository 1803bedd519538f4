import Router from '@koa/router';
import { API_ROUTES } from '@calorie-bank/shared';
import { campaignsForUser } from '../../services/campaigns.js';
import type { RouteDeps } from '../deps.js';
import { mount } from '../define.js';

export function campaignRoutes({ context, requireUser }: RouteDeps): Router {
  const router = new Router();
  mount(router, API_ROUTES.activeCampaigns, [requireUser], (ctx) => campaignsForUser(context, ctx.state.userId!));
  return router;
}
