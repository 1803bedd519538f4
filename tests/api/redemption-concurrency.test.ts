import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';

const services = await availableServices();

describe.skipIf(!(services.mysql && services.redis))('redemption under concurrency on MariaDB', () => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };

  function redeem(who: TestUser, offerId: string) {
    return call(server, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: who.token, headers: { 'idempotency-key': randomUUID() } });
  }

  beforeAll(async () => {
    // 500 requests queue for 20 pooled connections; on a busy CI machine the tail waits past the default
    // DATABASE_TIMEOUT_MS and is shed with 503. This test is about overselling, so it waits longer.
    server = await startTestServer('mysql+redis', { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000', DATABASE_TIMEOUT_MS: '30000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '热门奶茶');
  });
  afterAll(async () => server?.stop());

  it('sells exactly the stock to 500 concurrent requests from 100 users, one each', async () => {
    const users: TestUser[] = [];
    for (let index = 0; index < 100; index += 1) users.push(await signIn(server, `crowd-${index}`));
    await Promise.all(users.map((user) => syncSteps(server, user, 10_000))); // 300 coins each
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 100, totalStock: 50, perUserLimit: 1 });

    const answers = await Promise.all(Array.from({ length: 500 }, (_, index) => redeem(users[index % 100], offerId)));
    const byCode = new Map<string, number>();
    for (const answer of answers) {
      const code = answer.status === 201 ? 'ISSUED' : answer.body.error.code;
      byCode.set(code, (byCode.get(code) ?? 0) + 1);
    }
    expect(byCode.get('ISSUED')).toBe(50);
    expect([...byCode.keys()].sort()).toEqual(['ISSUED', 'OUT_OF_STOCK', 'REDEEM_LIMIT_REACHED'].filter((code) => byCode.has(code)).sort());

    const [vouchers] = await server.context.db.query('SELECT COUNT(*) AS n, COUNT(DISTINCT user_id) AS users FROM vouchers WHERE offer_id = ?', [offerId]);
    expect(Number(vouchers.n)).toBe(50);
    expect(Number(vouchers.users)).toBe(50);
    const [offer] = await server.context.db.query('SELECT stock_left FROM offers WHERE id = ?', [offerId]);
    expect(Number(offer.stock_left)).toBe(0);
    const stats = await call(server, 'GET', '/api/v1/merchant/stats', { token: shop.token });
    expect(stats.body.coinsEarned).toBe(5_000);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it('issues one voucher to a user whose coins pay for one, firing 20 at once', async () => {
    const user = await signIn(server, 'exactly-one');
    await syncSteps(server, user, 6_000); // 180 coins
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 180, totalStock: 100, perUserLimit: 20 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => redeem(user, offerId)));
    expect(answers.filter((answer) => answer.status === 201)).toHaveLength(1);
    expect(answers.filter((answer) => answer.status === 409).map((answer) => answer.body.error.code)).toEqual(Array(19).fill('INSUFFICIENT_COINS'));
    expect((await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet.balance).toBe(0);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it('checks in a voucher shown twice at once only once', async () => {
    const user = await signIn(server, 'double-dipper');
    await syncSteps(server, user, 10_000);
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 50 });
    const { voucher } = (await redeem(user, offerId)).body;
    const answers = await Promise.all(
      Array.from({ length: 2 }, () => call(server, 'POST', '/api/v1/merchant/vouchers/redeem', { token: shop.token, body: { code: voucher.code } })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
  });

  it('answers retries of one key with one voucher, however many arrive at once', async () => {
    const user = await signIn(server, 'retrier');
    await syncSteps(server, user, 10_000);
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 30, perUserLimit: 5 });
    const key = randomUUID();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => call(server, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: user.token, headers: { 'idempotency-key': key } })),
    );
    expect(answers.every((answer) => answer.status === 201)).toBe(true);
    expect(new Set(answers.map((answer) => answer.body.voucher.id)).size).toBe(1);
    expect((await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet.balance).toBe(270);
  });
});
