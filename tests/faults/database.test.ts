import { randomUUID } from 'node:crypto';
import { createConnection, type Connection } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, signIn, syncSteps, type ApiAnswer, type TestUser } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { MariaDbProcess } from '../support/mariadb-process.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';
import { eventually } from '../support/eventually.js';

const TIMEOUT_MS = 1500;
/** The contract's bound: an answer within the database timeout, plus a second for everything around it. */
const BOUND_MS = TIMEOUT_MS + 1000;

async function timed<T>(work: () => Promise<T>): Promise<{ answer: T; ms: number }> {
  const started = performance.now();
  const answer = await work();
  return { answer, ms: performance.now() - started };
}

function expectUnavailable(answer: ApiAnswer): void {
  expect(answer.status).toBe(503);
  expect(answer.body.error.code).toBe('SERVICE_UNAVAILABLE');
  expect(Number(answer.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(JSON.stringify(answer.body)).not.toMatch(/SELECT|UPDATE|ECONN|errno|stack/i);
}

describe('the BFF when its MariaDB fails', () => {
  let mariadb: MariaDbProcess;
  let server: TestServer;
  let user: TestUser;
  let offerId: string;

  const me = () => call(server, 'GET', '/api/v1/me', { token: user.token });
  const redeem = (key = randomUUID()) =>
    call(server, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: user.token, headers: { 'idempotency-key': key } });
  const directly = (): Promise<Connection> => createConnection({ uri: `${mariadb.url}/calorie_bank` });

  beforeAll(async () => {
    mariadb = await MariaDbProcess.start();
    const url = await mariadb.createDatabase('calorie_bank');
    // 'sqlite' only keeps the harness off the shared MariaDB; DATABASE_URL points at the private one.
    server = await startTestServer('sqlite', {
      ...WITH_OPERATOR,
      DATABASE_URL: url,
      DATABASE_TIMEOUT_MS: String(TIMEOUT_MS),
      RATE_LIMIT_SYNCS_PER_MINUTE: '1000',
    });
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const shop = await createMerchant(server, operator, '山顶咖啡');
    offerId = await liveOffer(server, shop.token, operator, { priceCoins: 10, perUserLimit: 50 });
    user = await signIn(server, 'walker');
    expect((await syncSteps(server, user, 10_000)).status).toBe(200);
  });
  afterAll(async () => {
    await server?.stop();
    await mariadb?.destroy();
  });

  it('answers 503 within the bound when another connection holds the user row, and writes nothing', async () => {
    const holder = await directly();
    const before = await ledgerState(server.context.db);
    try {
      await holder.query('START TRANSACTION');
      await holder.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [user.id]);
      const sync = await timed(() => syncSteps(server, user, 14_000));
      expectUnavailable(sync.answer);
      expect(sync.ms).toBeLessThan(BOUND_MS);
      const purchase = await timed(() => redeem());
      expectUnavailable(purchase.answer);
      expect(purchase.ms).toBeLessThan(BOUND_MS);
    } finally {
      await holder.query('ROLLBACK');
      await holder.end();
    }
    const [day] = await server.context.db.query('SELECT steps FROM daily_steps WHERE user_id = ?', [user.id]);
    expect(Number(day.steps)).toBe(10_000);
    expect(Number((await server.context.db.query('SELECT COUNT(*) AS n FROM vouchers WHERE user_id = ?', [user.id]))[0].n)).toBe(0);
    const after = await ledgerState(server.context.db);
    expect(after).toMatchObject({ ...HEALTHY, transactions: before.transactions, entries: before.entries });
    expect((await syncSteps(server, user, 14_000)).body).toMatchObject({ steps: 14_000, credited: 120 });
  });

  it('bounds a whole transaction, not each of its waits: a purchase that waited for the user row has only the rest of the bound for the wallet', async () => {
    const [userHolder, walletHolder] = [await directly(), await directly()];
    try {
      await userHolder.query('START TRANSACTION');
      await userHolder.query('SELECT id FROM users WHERE id = ? FOR UPDATE', [user.id]);
      await walletHolder.query('START TRANSACTION');
      await walletHolder.query("SELECT id FROM ledger_accounts WHERE kind = 'user_wallet' AND owner_id = ? FOR UPDATE", [user.id]);
      const purchase = timed(() => redeem());
      // The user row comes free most of the way into the bound; the wallet never does.
      await new Promise((resolve) => setTimeout(resolve, TIMEOUT_MS * 0.8));
      await userHolder.query('ROLLBACK');
      const { answer, ms } = await purchase;
      expectUnavailable(answer);
      // One bound and the usual margin; two waits of a bound each would take 1.8 of it.
      expect(ms).toBeLessThan(TIMEOUT_MS * 1.4);
    } finally {
      await userHolder.query('ROLLBACK');
      await walletHolder.query('ROLLBACK');
      await Promise.all([userHolder.end(), walletHolder.end()]);
    }
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
    expect((await redeem()).status).toBe(201);
  });

  it('answers 503 within DATABASE_TIMEOUT_MS + 1 s while the server is paused, and recovers on SIGCONT', async () => {
    mariadb.freeze();
    try {
      const read = await timed(me);
      expectUnavailable(read.answer);
      expect(read.ms).toBeLessThan(BOUND_MS);
      const purchase = await timed(() => redeem());
      expectUnavailable(purchase.answer);
      expect(purchase.ms).toBeLessThan(BOUND_MS);
      const ready = await timed(() => call(server, 'GET', '/readyz'));
      expect(ready.answer.status).toBe(503);
      expect(ready.answer.body.database).toMatchObject({ ok: false, timeoutMs: TIMEOUT_MS });
      expect(ready.ms).toBeLessThan(BOUND_MS);
    } finally {
      mariadb.thaw();
    }
    await eventually(async () => (await me()).status === 200, 5000);
    expect((await redeem()).status).toBe(201);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it('answers 503 while the server is down, counts it in /metrics, and recovers when it is back', async () => {
    await mariadb.stop();
    try {
      const read = await timed(me);
      expectUnavailable(read.answer);
      expect(read.ms).toBeLessThan(BOUND_MS);
      const purchase = await timed(() => redeem());
      expectUnavailable(purchase.answer);
      const sync = await timed(() => syncSteps(server, user, 15_000));
      expectUnavailable(sync.answer);
      expect((await call(server, 'GET', '/readyz')).status).toBe(503);
      const metrics = await call<string>(server, 'GET', '/metrics');
      expect(metrics.body).toMatch(/storage_unavailable_responses_total\{store="database"\} [1-9]/);
      expect(metrics.body).toMatch(/storage_up\{store="database"\} 0/);
    } finally {
      await mariadb.launch();
    }
    await eventually(async () => (await me()).status === 200, 10_000);
    expect((await redeem()).status).toBe(201);
    expect((await syncSteps(server, user, 15_000)).status).toBe(200);
    expect((await call(server, 'GET', '/readyz')).status).toBe(200);
    expect((await call<string>(server, 'GET', '/metrics')).body).toMatch(/storage_up\{store="database"\} 1/);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
