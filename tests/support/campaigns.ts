import { call } from './client.js';
import type { TestServer } from './harness.js';

/** An operator creates a community; answers its id. */
export async function createCommunity(server: TestServer, operatorToken: string, name = '周末徒步群', category = 'hiking'): Promise<string> {
  const created = await call(server, 'POST', '/api/v1/ops/communities', { token: operatorToken, body: { name, category, description: '' } });
  if (created.status !== 201) throw new Error(`community creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.community.id;
}

/** An operator creates a campaign running today; answers it. */
export async function createCampaign(server: TestServer, operatorToken: string, overrides: Record<string, unknown> = {}) {
  const created = await call(server, 'POST', '/api/v1/ops/campaigns', {
    token: operatorToken,
    body: { name: '双倍金币', startDate: server.clock.today, endDate: server.clock.today, multiplierPercent: 200, budgetCoins: 10_000, ...overrides },
  });
  if (created.status !== 201) throw new Error(`campaign creation failed: ${created.status} ${JSON.stringify(created.body)}`);
  return created.body.campaign as { id: string; budgetLeft: number };
}
