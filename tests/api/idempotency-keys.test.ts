import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type Backend, type TestServerOptions, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';

const services = await availableServices();

// The whole API suite runs on plain-made MariaDB databases (the server's default collation); this file
// also runs on one made with utf8mb4_unicode_ci, the collation whose case-folding merged keys before.
const setups: [name: string, backend: Backend, options: TestServerOptions, available: boolean][] = [
  ['MariaDB, plain CREATE DATABASE', 'mysql', {}, services.mysql],
  ['MariaDB, utf8mb4_unicode_ci database', 'mysql', { collation: 'utf8mb4_unicode_ci' }, services.mysql],
  ['SQLite', 'sqlite', {}, true],
];

const PREFIX = 'k'.repeat(127);

describe.each(setups)('Idempotency-Key on %s', (_name, backend, options, available) => {
  let server: TestServer;
  let operator: string;
  let user: TestUser;
  let offerId: string;
  let otherOfferId: string;

  function redeem(offer: string, key: string) {
    return call(server, 'POST', `/api/v1/offers/${offer}/redeem`, { token: user.token, headers: { 'idempotency-key': key } });
  }
  function adjust(key: string, amount: number, reason = 'key test') {
    return call(server, 'POST', '/api/v1/ops/adjustments', { token: operator, headers: { 'idempotency-key': key }, body: { userId: user.id, amount, reason } });
  }

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR, options);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const shop = await createMerchant(server, operator, 'Key Shop');
    offerId = await liveOffer(server, shop.token, operator, { priceCoins: 10, perUserLimit: 20 });
    otherOfferId = await liveOffer(server, shop.token, operator, { priceCoins: 10, perUserLimit: 20 });
    user = await signIn(server, 'key-tester');
    await syncSteps(server, user, 20_000);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('keeps two 128-character redemption keys sharing 127 characters apart, and keys differing only in case', async () => {
    const keys = [`${PREFIX}1`, `${PREFIX}2`, 'Redeem-Case-Key', 'redeem-case-key'];
    const answers = [];
    for (const key of keys) answers.push(await redeem(offerId, key));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.voucher.id)).size).toBe(4);
    expect(answers.map((answer) => answer.body.balance)).toEqual([590, 580, 570, 560]);

    for (const [index, key] of keys.entries()) {
      const again = await redeem(offerId, key);
      expect(again.status).toBe(201);
      expect(again.body).toEqual(answers[index].body);
    }
    const reused = await redeem(otherOfferId, keys[1]);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await call(server, 'GET', '/api/v1/vouchers', { token: user.token })).body.items).toHaveLength(4);
  });

  it.skipIf(!available)('keeps two 128-character adjustment keys sharing 127 characters apart, and keys differing only in case', async () => {
    const start = (await call(server, 'GET', '/api/v1/me', { token: user.token })).body.wallet.balance as number;
    const keys = [`${PREFIX}A`, `${PREFIX}B`, 'Adjust-Case-Key', 'adjust-case-key'];
    const answers = [];
    for (const key of keys) answers.push(await adjust(key, 7));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(answers.map((answer) => answer.body.transactionId)).size).toBe(4);
    expect(answers.map((answer) => answer.body.balance)).toEqual([start + 7, start + 14, start + 21, start + 28]);

    for (const [index, key] of keys.entries()) {
      const again = await adjust(key, 7);
      expect(again.body).toMatchObject({ transactionId: answers[index].body.transactionId, balance: start + 28 });
    }
    const reused = await adjust(keys[0], 8);
    expect(reused.status).toBe(422);
    expect(reused.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it.skipIf(!available)('finds users, freezes them and reports the day whatever collation the database was made with', async () => {
    const found = await call(server, 'GET', `/api/v1/ops/users?q=${user.id}`, { token: operator });
    expect(found.status).toBe(200);
    expect(found.body.items[0]).toMatchObject({ id: user.id, balance: expect.any(Number) });
    const frozen = await call(server, 'POST', `/api/v1/ops/users/${user.id}/freeze`, { token: operator, body: { reason: 'collation check' } });
    expect(frozen.body.user).toMatchObject({ id: user.id, frozen: true });
    expect((await call(server, 'POST', `/api/v1/ops/users/${user.id}/unfreeze`, { token: operator, body: { reason: 'collation check' } })).status).toBe(200);
    expect((await call(server, 'GET', `/api/v1/ops/stats?date=${server.clock.today}`, { token: operator })).status).toBe(200);
  });
});
