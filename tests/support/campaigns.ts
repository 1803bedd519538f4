import type { API_ROUTES, RouteBody } from '@calorie-bank/shared';
import { apiAs, orFail } from './client.js';
import type { TestServer } from './harness.js';

type Category = RouteBody<(typeof API_ROUTES)['createCommunity']>['category'];

/** An operator creates a community; answers its id. */
export async function createCommunity(server: TestServer, operatorToken: string, name = '周末徒步群', category = 'hiking'): Promise<string> {
  const created = await orFail('community creation', apiAs(server, operatorToken).createCommunity({ body: { name, category: category as Category, description: '' } }));
  return created.community.id;
}

/** An operator creates a campaign running today; answers it. */
export async function createCampaign(server: TestServer, operatorToken: string, overrides: Record<string, unknown> = {}) {
  const body = { name: '双倍金币', startDate: server.clock.today, endDate: server.clock.today, multiplierPercent: 200, budgetCoins: 10_000, ...overrides };
  const created = await orFail('campaign creation', apiAs(server, operatorToken).createCampaign({ body: body as RouteBody<(typeof API_ROUTES)['createCampaign']> }));
  return created.campaign;
}
