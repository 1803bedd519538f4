import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { createCampaign } from '../support/campaigns.js';
import { HEALTHY, ledgerState, pooledBalance } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';

const services = await availableServices();

/** Many payers of one campaign budget and one merchant at once: the accounts every payment touches, split into slots. */
describe.skipIf(!(services.mysql && services.redis))('hot campaign budgets and merchants under concurrency on MariaDB', () => {
  let server: TestServer;
  let operator: string;
  let users: TestUser[];

  beforeAll(async () => {
    server = await startTestServer('mysql+redis', { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000', DATABASE_TIMEOUT_MS: '30000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    users = [];
    for (let index = 0; index < 60; index += 1) users.push(await signIn(server, `hot-${index}`));
  });
  afterAll(async () => server?.stop());

  it('pays 60 concurrent syncs from a small budget to exactly its last coin, never past it', async () => {
    // Each sync is owed 7 coins; 300 coins cover 42 of them and 6 of the 43rd. Spread over 16 slots,
    // the slots run dry at different moments, so the last payments take from several at once.
    const campaign = await createCampaign(server, operator, { multiplierPercent: 100, thresholds: [{ steps: 1000, coins: 7 }], budgetCoins: 300 });
    const answers = await Promise.all(users.map((user) => syncSteps(server, user, 5_000)));
    expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200));
    const bonuses = answers.map((answer) => answer.body.campaigns[0].credited as number);
    expect(bonuses.reduce((sum, coins) => sum + coins, 0)).toBe(300);
    expect(bonuses.filter((coins) => coins === 7)).toHaveLength(42);
    expect(bonuses.filter((coins) => coins === 6)).toHaveLength(1);
    expect(await pooledBalance(server.context.db, 'campaign_budget', campaign.id)).toBe(0);

    // A top-up is spread over the slots again; the 17 left out and the one paid 6 are owed 120 in
    // all, and the 116 topped up are paid to the last coin.
    const patched = await call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body: { budgetCoins: 300 + 116 } });
    expect(patched.status).toBe(200);
    const again = await Promise.all(users.map((user) => syncSteps(server, user, 5_001)));
    expect(again.map((answer) => answer.status)).toEqual(users.map(() => 200));
    const topped = again.map((answer) => answer.body.campaigns[0].credited as number);
    expect(topped.reduce((sum, coins) => sum + coins, 0)).toBe(116);
    expect(await pooledBalance(server.context.db, 'campaign_budget', campaign.id)).toBe(0);
    const [paid] = await server.context.db.query('SELECT SUM(coins_credited) AS coins FROM campaign_days WHERE campaign_id = ?', [campaign.id]);
    expect(Number(paid.coins)).toBe(416);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it('answers every concurrent payer of draining budgets at once, without a deadlock, and pays each budget exactly', async () => {
    const [{ name }]: { name: string }[] = await server.context.db.query('SELECT DATABASE() AS name');
    // The server's latest deadlock; a new one naming this test's database is one of its payers'.
    const latestDeadlock = async () => {
      const [status]: { Status: string }[] = await server.context.db.query('SHOW ENGINE INNODB STATUS');
      return status.Status.split('LATEST DETECTED DEADLOCK')[1]?.split('\nTRANSACTIONS\n')[0] ?? '';
    };
    // Each round a new campaign of 200 coins owes each of the 60 syncs 7: slots run dry one after
    // another while payers still pick them, the moment payers move from one slot to all of them.
    for (let round = 0; round < 4; round += 1) {
      const campaign = await createCampaign(server, operator, { name: `排空 ${round}`, multiplierPercent: 100, thresholds: [{ steps: 1000, coins: 7 }], budgetCoins: 200 });
      const before = await latestDeadlock();
      const answers = await Promise.all(users.map((user) => syncSteps(server, user, 6_000 + round)));
      expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200));
      const after = await latestDeadlock();
      expect(after !== before && after.includes(`\`${name}\`.`)).toBe(false);
      const paid = answers.map((answer) => (answer.body.campaigns as { id: string; credited: number }[]).find((credit) => credit.id === campaign.id)!.credited);
      expect(paid.reduce((sum, coins) => sum + coins, 0)).toBe(200);
      expect(await pooledBalance(server.context.db, 'campaign_budget', campaign.id)).toBe(0);
    }
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it('credits one merchant exactly for concurrent redemptions of its offers, and takes exact refunds back', async () => {
    const shop = await createMerchant(server, operator, '热门健身房');
    const offers: string[] = [];
    for (let index = 0; index < 4; index += 1) offers.push(await liveOffer(server, shop.token, operator, { priceCoins: 10 + index, totalStock: 1000, perUserLimit: 5 }));
    const price = (index: number) => 10 + (index % 4);
    const answers = await Promise.all(
      Array.from({ length: 240 }, (_, index) =>
        call(server, 'POST', `/api/v1/offers/${offers[index % 4]}/redeem`, { token: users[index % 60].token, headers: { 'idempotency-key': randomUUID() } }),
      ),
    );
    expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 201));
    const earned = answers.reduce((sum, _, index) => sum + price(index), 0);
    expect(await pooledBalance(server.context.db, 'merchant', shop.id)).toBe(earned);
    expect((await call(server, 'GET', '/api/v1/merchant/stats', { token: shop.token })).body.coinsEarned).toBe(earned);

    // Half the vouchers are refunded at once: each takes its price back from whichever slots hold it.
    const refunds = await Promise.all(
      answers
        .filter((_, index) => index % 2 === 0)
        .map((answer) => call(server, 'POST', `/api/v1/merchant/vouchers/${answer.body.voucher.id}/refund`, { token: shop.token })),
    );
    expect(refunds.map((answer) => answer.status)).toEqual(refunds.map(() => 200));
    const refunded = answers.reduce((sum, _, index) => sum + (index % 2 === 0 ? price(index) : 0), 0);
    expect(await pooledBalance(server.context.db, 'merchant', shop.id)).toBe(earned - refunded);
    const slots: { n: number | string }[] = await server.context.db.query("SELECT COUNT(*) AS n FROM ledger_accounts WHERE kind = 'merchant' AND owner_id = ? AND balance > 0", [
      shop.id,
    ]);
    // The revenue landed in many slots, not one.
    expect(Number(slots[0].n)).toBeGreaterThan(4);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
