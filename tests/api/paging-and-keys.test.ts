import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { createCommunity } from '../support/campaigns.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';

const backends = await storageBackends();

describe.each(backends)('pages and idempotency keys on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };
  let user: TestUser;
  const offers: string[] = [];

  /** Walks a list page by page and answers every item's id, in order. */
  async function walk(path: string, token: string, limit: number): Promise<string[]> {
    const ids: string[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 50; pages += 1) {
      const separator = path.includes('?') ? '&' : '?';
      const page: { status: number; body: any } = await call(server, 'GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, { token });
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(limit);
      ids.push(...page.body.items.map((item: { id: string }) => item.id));
      cursor = page.body.nextCursor;
      if (cursor === null) return ids;
    }
    throw new Error('the list never ended');
  }

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '1000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '翻页咖啡');
    user = await signIn(server, 'pager');
    await syncSteps(server, user, 20_000); // 600 coins
    for (let index = 0; index < 5; index += 1) offers.push(await liveOffer(server, shop.token, operator, { priceCoins: 10, perUserLimit: 3 }));
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('pages through offers, vouchers and communities with opaque cursors, each item once', async () => {
    for (const offerId of offers) {
      const redeemed = await call(server, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: user.token, headers: { 'idempotency-key': randomUUID() } });
      expect(redeemed.status).toBe(201);
    }
    const live = await walk('/api/v1/offers', user.token, 2);
    expect(new Set(live).size).toBe(live.length);
    expect(live).toEqual(expect.arrayContaining(offers));
    expect(await walk('/api/v1/merchant/offers', shop.token, 2)).toEqual([...offers].reverse());
    const vouchers = await walk('/api/v1/vouchers', user.token, 2);
    expect(vouchers).toHaveLength(5);
    expect(await walk('/api/v1/merchant/vouchers', shop.token, 3)).toEqual(vouchers);
    const own = await call(server, 'GET', `/api/v1/vouchers/${vouchers[0]}`, { token: user.token });
    expect(own.body.voucher).toMatchObject({ id: vouchers[0], status: 'issued' });
    const stranger = await signIn(server, 'stranger');
    expect((await call(server, 'GET', `/api/v1/vouchers/${vouchers[0]}`, { token: stranger.token })).status).toBe(404);

    const communities = [];
    for (const name of ['跑步群', '骑行群', '泳池群', '羽毛球群']) communities.push(await createCommunity(server, operator, name, 'running'));
    await call(server, 'POST', `/api/v1/communities/${communities[2]}/join`, { token: user.token });
    const listed = await walk('/api/v1/communities', user.token, 1);
    expect(listed).toHaveLength(4);
    expect(listed[0]).toBe(communities[2]); // largest first
    expect(new Set(listed).size).toBe(4);
  });

  it.skipIf(!available)('answers VALIDATION_FAILED, naming the cursor, for a cursor it did not give out', async () => {
    const forged = Buffer.from(JSON.stringify(['not a number'])).toString('base64url');
    for (const path of ['/offers', '/vouchers', '/wallet/transactions', '/communities']) {
      for (const cursor of ['12345', 'bm90IGpzb24', forged, '%2A%2A%2A']) {
        const answer = await call(server, 'GET', `/api/v1${path}?cursor=${cursor}`, { token: user.token });
        expect(answer.status, `${path}?cursor=${cursor}`).toBe(400);
        expect(answer.body.error.code).toBe('VALIDATION_FAILED');
        expect(answer.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'cursor' })]));
      }
    }
    for (const path of ['/ops/users', '/ops/audit', '/ops/flagged-syncs', '/ops/offers']) {
      expect((await call(server, 'GET', `/api/v1${path}?cursor=${forged}`, { token: operator })).body.error.code).toBe('VALIDATION_FAILED');
    }
    expect((await call(server, 'GET', `/api/v1/offers?limit=101`, { token: user.token })).body.error.code).toBe('VALIDATION_FAILED');
  });

  it.skipIf(!available)('tells keys apart by case and by their last character, up to 128 characters', async () => {
    const buyer = await signIn(server, 'key-buyer');
    await syncSteps(server, buyer, 20_000);
    const offerId = offers[0];
    const long = 'K'.repeat(127);
    const keys = ['Order-abcdefgh', 'order-ABCDEFGH', `${long}a`, `${long}b`];
    const answers = [];
    for (const key of keys) {
      const answer = await call(server, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: buyer.token, headers: { 'idempotency-key': key } });
      answers.push(answer);
    }
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 409]); // the fourth is over the per-user limit of 3
    expect(answers[3].body.error.code).toBe('REDEEM_LIMIT_REACHED');
    expect(new Set(answers.slice(0, 3).map((answer) => answer.body.voucher.id)).size).toBe(3);
    const again = await call(server, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: buyer.token, headers: { 'idempotency-key': `${long}a` } });
    expect(again.body).toEqual(answers[2].body);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('answers an adjustment once per key and refuses the key for another user', async () => {
    const first = await signIn(server, 'adjusted-a');
    const second = await signIn(server, 'adjusted-b');
    const key = `adj-${randomUUID()}`;
    const adjust = (userId: string) =>
      call(server, 'POST', '/api/v1/ops/adjustments', { token: operator, headers: { 'idempotency-key': key }, body: { userId, amount: 40, reason: '补发' } });
    const made = await adjust(first.id);
    expect(made.status).toBe(201);
    expect((await adjust(first.id)).body).toEqual(made.body);
    expect((await adjust(second.id)).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await call(server, 'GET', '/api/v1/me', { token: first.token })).body.wallet.balance).toBe(40);
  });

  it.skipIf(!available)('pays one of many concurrent adjustments under one key, and refuses the key for the others', async () => {
    const users = await Promise.all(Array.from({ length: 4 }, (_, index) => signIn(server, `racer-${index}`)));
    const key = `race-${randomUUID()}`;
    const adjust = (userId: string) =>
      call(server, 'POST', '/api/v1/ops/adjustments', { token: operator, headers: { 'idempotency-key': key }, body: { userId, amount: 25, reason: '并发' } });
    const answers = await Promise.all([...users, ...users, ...users].map((user) => adjust(user.id)));
    const paid = answers.filter((answer) => answer.status === 201);
    expect(new Set(paid.map((answer) => answer.body.transactionId)).size).toBe(1);
    expect(answers.filter((answer) => answer.status !== 201).every((answer) => answer.body.error.code === 'IDEMPOTENCY_KEY_REUSED')).toBe(true);
    const balances = await Promise.all(users.map(async (user) => (await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet.balance));
    expect(balances.sort()).toEqual([0, 0, 0, 25]);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
