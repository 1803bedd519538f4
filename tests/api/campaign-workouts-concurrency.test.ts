import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { alipaySyncBody, apiAs, call, callRoute, orFail, signIn, syncSteps, type TestUser } from '../support/client.js';
import { createCampaign } from '../support/campaigns.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { POOL, entryCode, heldCoins, liveVenue } from '../support/venues.js';

const services = await availableServices();

describe.skipIf(!(services.mysql && services.redis))('campaigns on workouts under concurrency on MariaDB', () => {
  let server: TestServer;
  let shop: { id: string; token: string };
  let operator: string;
  let pool: string;
  const crowd: TestUser[] = [];

  beforeAll(async () => {
    server = await startTestServer('mysql+redis', { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000', DATABASE_TIMEOUT_MS: '30000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '热门泳馆');
    ({ facilityIds: [pool] } = await liveVenue(server, shop, operator, [{ ...POOL, capacity: 40 }]));
    for (let index = 0; index < 30; index += 1) crowd.push(await signIn(server, `lane-${index}`));
    await Promise.all(crowd.map((user) => syncSteps(server, user, 2_000))); // 60 coins each, before the campaign
  });
  afterAll(async () => server?.stop());

  it('never pays more than the budget when 30 exits and 30 step syncs draw on one campaign at once', async () => {
    const campaign = await createCampaign(server, operator, { name: '运动加倍', target: 'both', multiplierPercent: 200, budgetCoins: 1_000 });
    for (const user of crowd) {
      await orFail('entry', apiAs(server, shop.token).gateEnter({ body: { facilityId: pool, code: await entryCode(server, user.token) } }));
    }
    server.clock.advance(45 * 60_000); // 270 workout coins each, ×2 owes 270 more; 4,000 steps owe 60 more each
    const exitCodes = await Promise.all(crowd.map((user) => entryCode(server, user.token)));
    const answers = await Promise.all([
      ...crowd.map((_user, index) => callRoute(server, 'gateExit', { token: shop.token, body: { facilityId: pool, code: exitCodes[index] } })),
      ...crowd.map((user) => call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: alipaySyncBody(server, { count: 4_000 }) })),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([...Array(30).fill(200), ...Array(30).fill(200)]);
    const workoutBonus = answers.slice(0, 30).reduce((sum, answer) => sum + answer.body.visit.campaignCoins, 0);
    const stepBonus = answers.slice(30).reduce((sum, answer) => sum + answer.body.campaigns.reduce((s: number, c: { credited: number }) => s + c.credited, 0), 0);
    expect(workoutBonus + stepBonus).toBe(1_000);
    const [paid] = await server.context.db.query(
      "SELECT SUM(e.amount) AS coins FROM ledger_transactions t JOIN ledger_entries e ON e.transaction_id = t.id AND e.amount > 0 WHERE t.kind = 'campaign_bonus'",
    );
    expect(Number(paid.coins)).toBe(1_000);
    const listed = await apiAs(server, operator).listCampaigns({});
    expect(listed.items.find((item) => item.id === campaign.id)).toMatchObject({ budgetCoins: 1_000, budgetLeft: 0 });
    expect(await heldCoins(server)).toBe(0);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
