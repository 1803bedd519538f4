import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, offerBody, staffToken } from '../support/merchants.js';

const backends = await storageBackends();

describe.each(backends)('offers and redemption on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };
  let other: { id: string; token: string };
  let user: TestUser;

  function redeem(who: TestUser, offerId: string, key: string = randomUUID(), body?: unknown) {
    return call(server, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: who.token, headers: { 'idempotency-key': key }, body });
  }

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '1000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '山顶咖啡');
    other = await createMerchant(server, operator, '隔壁健身房');
    user = await signIn(server, 'spender');
    await syncSteps(server, user, 20_000); // 600 coins
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('takes an offer from draft through review to live, and shows live offers to users', async () => {
    const created = await call(server, 'POST', '/api/v1/merchant/offers', { token: shop.token, body: offerBody(server) });
    expect(created.status).toBe(201);
    expect(created.body.offer).toMatchObject({ status: 'draft', stockLeft: 50, merchantName: '山顶咖啡' });
    const id = created.body.offer.id;
    expect((await call(server, 'GET', `/api/v1/offers/${id}`, { token: user.token })).status).toBe(404);
    expect((await call(server, 'POST', `/api/v1/merchant/offers/${id}/submit`, { token: shop.token })).body.offer.status).toBe('pending');
    const rejected = await call(server, 'POST', `/api/v1/ops/offers/${id}/reject`, { token: operator, body: { reason: '图片不清晰' } });
    expect(rejected.body.offer).toMatchObject({ status: 'rejected', rejectReason: '图片不清晰' });
    const edited = await call(server, 'PATCH', `/api/v1/merchant/offers/${id}`, { token: shop.token, body: { title: '山顶咖啡 6 元券' } });
    expect(edited.body.offer).toMatchObject({ status: 'draft', title: '山顶咖啡 6 元券', rejectReason: null });
    await call(server, 'POST', `/api/v1/merchant/offers/${id}/submit`, { token: shop.token });
    expect((await call(server, 'POST', `/api/v1/ops/offers/${id}/approve`, { token: operator })).body.offer.status).toBe('live');
    const list = await call(server, 'GET', '/api/v1/offers', { token: user.token });
    expect(list.body.items.map((offer: { id: string }) => offer.id)).toContain(id);
    const live = await call(server, 'PATCH', `/api/v1/merchant/offers/${id}`, { token: shop.token, body: { priceCoins: 1 } });
    expect(live.body.error.code).toBe('OFFER_NOT_EDITABLE');
    // The contract's reject carries no body: an offer sent back without a reason has none to show.
    const bare = await call(server, 'POST', '/api/v1/merchant/offers', { token: shop.token, body: offerBody(server) });
    await call(server, 'POST', `/api/v1/merchant/offers/${bare.body.offer.id}/submit`, { token: shop.token });
    const sentBack = await call(server, 'POST', `/api/v1/ops/offers/${bare.body.offer.id}/reject`, { token: operator });
    expect(sentBack.body.offer).toMatchObject({ status: 'rejected', rejectReason: null });
  });

  it.skipIf(!available)('redeems once per key: the wallet pays the merchant, stock goes down, a voucher is issued', async () => {
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 150, perUserLimit: 2 });
    const key = randomUUID();
    const first = await redeem(user, offerId, key);
    expect(first.status).toBe(201);
    expect(first.body.voucher).toMatchObject({ offerId, status: 'issued', priceCoins: 150, code: expect.stringMatching(/^[A-Z2-9]{16}$/) });
    expect(first.body.balance).toBe(450);
    const again = await redeem(user, offerId, key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const reused = await redeem(user, offerId, key, { quantity: 2 });
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await call(server, 'GET', `/api/v1/offers/${offerId}`, { token: user.token })).body.offer.stockLeft).toBe(49);
    expect((await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet.balance).toBe(450);
    const stats = await call(server, 'GET', '/api/v1/merchant/stats', { token: shop.token });
    expect(stats.body).toMatchObject({ coinsEarned: 150, redeemedToday: 1, vouchers: { issued: 1 } });
    const history = await call(server, 'GET', '/api/v1/wallet/transactions', { token: user.token });
    expect(history.body.items[0]).toMatchObject({ kind: 'redemption', amount: -150, balanceAfter: 450 });
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('answers not enough coins, sold out, limit reached and unavailable with their codes', async () => {
    const pricey = await liveOffer(server, shop.token, operator, { priceCoins: 5000 });
    expect((await redeem(user, pricey)).body.error.code).toBe('INSUFFICIENT_COINS');
    const single = await liveOffer(server, shop.token, operator, { priceCoins: 10, totalStock: 1, perUserLimit: 5 });
    expect((await redeem(user, single)).status).toBe(201);
    expect((await redeem(user, single)).body.error.code).toBe('OUT_OF_STOCK');
    const once = await liveOffer(server, shop.token, operator, { priceCoins: 10, perUserLimit: 1 });
    expect((await redeem(user, once)).status).toBe(201);
    expect((await redeem(user, once)).body.error.code).toBe('REDEEM_LIMIT_REACHED');
    await call(server, 'PATCH', `/api/v1/merchant/offers/${once}`, { token: shop.token, body: { status: 'paused' } });
    const fresh = await signIn(server, 'latecomer');
    await syncSteps(server, fresh, 10_000);
    expect((await redeem(fresh, once)).body.error.code).toBe('OFFER_NOT_AVAILABLE');
    expect((await call(server, 'POST', `/api/v1/offers/${once}/redeem`, { token: fresh.token })).body.error.code).toBe('VALIDATION_FAILED');
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('checks a voucher in once, only at its own merchant', async () => {
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 20 });
    const { voucher } = (await redeem(user, offerId)).body;
    const elsewhere = await call(server, 'POST', '/api/v1/merchant/vouchers/redeem', { token: other.token, body: { code: voucher.code } });
    expect(elsewhere.status).toBe(404);
    const used = await call(server, 'POST', '/api/v1/merchant/vouchers/redeem', { token: shop.token, body: { code: voucher.code.toLowerCase() } });
    expect(used.status).toBe(200);
    expect(used.body.voucher).toMatchObject({ status: 'used', usedAt: expect.any(String) });
    const twice = await call(server, 'POST', '/api/v1/merchant/vouchers/redeem', { token: shop.token, body: { code: voucher.code } });
    expect(twice.body.error).toMatchObject({ code: 'VOUCHER_NOT_REDEEMABLE', details: { status: 'used' } });
    const mine = await call(server, 'GET', '/api/v1/vouchers', { token: user.token });
    expect(mine.body.items.find((item: { id: string }) => item.id === voucher.id)).toMatchObject({ status: 'used' });
  });

  it.skipIf(!available)('shows an issued voucher past its lifetime as expired, and refuses to check it in', async () => {
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 10, voucherTtlSeconds: 60 });
    const { voucher } = (await redeem(user, offerId)).body;
    server.clock.advance(61_000);
    const mine = await call(server, 'GET', '/api/v1/vouchers', { token: user.token });
    expect(mine.body.items.find((item: { id: string }) => item.id === voucher.id).status).toBe('expired');
    const late = await call(server, 'POST', '/api/v1/merchant/vouchers/redeem', { token: shop.token, body: { code: voucher.code } });
    expect(late.body.error).toMatchObject({ code: 'VOUCHER_NOT_REDEEMABLE', details: { status: 'expired' } });
  });

  it.skipIf(!available)('refunds an unused voucher: coins back to the user, the unit back in stock, once', async () => {
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 40, perUserLimit: 1 });
    const before = (await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet.balance;
    const { voucher } = (await redeem(user, offerId)).body;
    expect((await call(server, 'POST', `/api/v1/merchant/vouchers/${voucher.id}/refund`, { token: other.token })).status).toBe(404);
    const refunded = await call(server, 'POST', `/api/v1/merchant/vouchers/${voucher.id}/refund`, { token: shop.token });
    expect(refunded.status).toBe(200);
    expect(refunded.body.voucher.status).toBe('refunded');
    const today = await call(server, 'GET', '/api/v1/merchant/vouchers', { token: shop.token });
    expect(today.body.items.find((item: { id: string }) => item.id === voucher.id)).toMatchObject({ status: 'refunded', offerId });
    expect((await call(server, 'GET', '/api/v1/merchant/vouchers', { token: other.token })).body.items).toEqual([]);
    const tomorrow = await call(server, 'GET', `/api/v1/merchant/vouchers?date=2030-01-01`, { token: shop.token });
    expect(tomorrow.body.items).toEqual([]);
    expect((await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet.balance).toBe(before);
    expect((await call(server, 'GET', `/api/v1/offers/${offerId}`, { token: user.token })).body.offer.stockLeft).toBe(50);
    const again = await call(server, 'POST', `/api/v1/ops/vouchers/${voucher.id}/refund`, { token: operator });
    expect(again.body.error).toMatchObject({ code: 'VOUCHER_NOT_REDEEMABLE', details: { status: 'refunded' } });
    // A refunded voucher no longer counts toward the per-user limit.
    const second = await redeem(user, offerId);
    expect(second.status).toBe(201);
    await call(server, 'POST', '/api/v1/merchant/vouchers/redeem', { token: shop.token, body: { code: second.body.voucher.code } });
    const used = await call(server, 'POST', `/api/v1/ops/vouchers/${second.body.voucher.id}/refund`, { token: operator });
    expect(used.body.error).toMatchObject({ code: 'VOUCHER_NOT_REDEEMABLE', details: { status: 'used' } });
    const history = await call(server, 'GET', '/api/v1/wallet/transactions?limit=3', { token: user.token });
    expect(history.body.items.map((item: { kind: string; amount: number }) => [item.kind, item.amount])).toEqual([
      ['redemption', -40],
      ['refund', 40],
      ['redemption', -40],
    ]);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('keeps merchants and users apart: the authorization matrix', async () => {
    const offerId = await liveOffer(server, shop.token, operator);
    const asUser = [
      ['GET', '/api/v1/merchant/offers'],
      ['POST', '/api/v1/merchant/vouchers/redeem'],
      ['POST', '/api/v1/ops/merchants'],
      ['POST', `/api/v1/ops/offers/${offerId}/approve`],
    ] as const;
    for (const [method, path] of asUser) {
      const answer = await call(server, method, path, { token: user.token, body: method === 'POST' ? {} : undefined });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
    }
    expect((await call(server, 'POST', `/api/v1/ops/offers/${offerId}/approve`, { token: shop.token })).body.error.code).toBe('FORBIDDEN');
    expect((await call(server, 'GET', '/api/v1/merchant/stats', { token: operator })).body.error.code).toBe('FORBIDDEN');
    expect((await call(server, 'GET', '/api/v1/merchant/offers')).body.error.code).toBe('AUTH_REQUIRED');
    expect((await call(server, 'GET', '/api/v1/offers', { token: shop.token })).body.error.code).toBe('AUTH_INVALID');
    const theirs = await call(server, 'PATCH', `/api/v1/merchant/offers/${offerId}`, { token: other.token, body: { status: 'paused' } });
    expect(theirs.status).toBe(404);
    expect((await call(server, 'POST', `/api/v1/merchant/offers/${offerId}/submit`, { token: other.token })).status).toBe(404);
    const list = await call(server, 'GET', '/api/v1/merchant/offers', { token: other.token });
    expect(list.body.items).toEqual([]);
    expect((await call(server, 'POST', '/api/v1/staff/login', { body: { username: OPERATOR.username, password: 'wrong-password' } })).body.error.code).toBe('AUTH_INVALID');
  });

  it.skipIf(!available)('refuses a frozen user', async () => {
    const offerId = await liveOffer(server, shop.token, operator, { priceCoins: 10 });
    const frozen = await signIn(server, 'frosty');
    await syncSteps(server, frozen, 10_000);
    await server.context.db.query('UPDATE users SET frozen = ? WHERE id = ?', [true, frozen.id]);
    const answer = await redeem(frozen, offerId);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('USER_FROZEN');
    expect((await call(server, 'GET', '/api/v1/me', { token: frozen.token })).body.wallet.balance).toBe(300);
  });
});
