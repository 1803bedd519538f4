import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource } from '@calorie-bank/bff';
import type { DataSource } from 'typeorm';
import { call } from '../support/client.js';
import { TestClock, type TestServer } from '../support/harness.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';
import { availableServices, createMysqlDatabase } from '../support/services.js';
import { spawnBff, type BffProcess } from '../support/bff-process.js';
import { freePort } from '../support/ports.js';

const { mysql } = await availableServices();

const USERS = 6;
const LOAD_BEFORE_KILL_MS = 1200;

interface Walker {
  name: string;
  token: string;
  steps: number;
  /** The highest count a sync acknowledged. */
  acknowledgedSteps: number;
  /** Redemption keys with the voucher id their 201 named. */
  vouchers: Map<string, string>;
  /** Redemption keys sent whose answer never came (cut by the kill). */
  unanswered: string[];
}

/** Today in the BFF's default business time zone (Asia/Shanghai), by the real clock the child process uses. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe.skipIf(!mysql)('the BFF killed mid-load', () => {
  let database: { url: string; drop(): Promise<void> };
  let bff: BffProcess;
  let env: Record<string, string>;
  let url: string;
  let db: DataSource;
  let offerId: string;
  const walkers: Walker[] = [];

  async function login(name: string): Promise<string> {
    const code = await call({ url }, 'POST', '/sandbox/alipay/auth-code', { body: { user: name } });
    const answer = await call({ url }, 'POST', '/api/v1/auth/login', { body: { authCode: code.body.authCode } });
    if (answer.status !== 200) throw new Error(`login failed: ${answer.status}`);
    return answer.body.token;
  }

  async function sync(walker: Walker, steps: number) {
    const data = await call({ url }, 'POST', '/sandbox/alipay/run-data', { body: { countDate: today(), count: String(steps) } });
    return call({ url }, 'POST', '/api/v1/steps/sync', { token: walker.token, body: { countDate: today(), response: data.body.response } });
  }

  function redeem(walker: Walker, key: string) {
    return call({ url }, 'POST', `/api/v1/offers/${offerId}/redeem`, { token: walker.token, headers: { 'idempotency-key': key } });
  }

  /** Syncs and redeems in turn until the process is gone, keeping what was acknowledged. */
  async function load(walker: Walker): Promise<void> {
    for (;;) {
      const steps = walker.steps + 300;
      try {
        if ((await sync(walker, steps)).status === 200) walker.acknowledgedSteps = steps;
        walker.steps = steps;
      } catch {
        return; // the connection was cut: the process is gone
      }
      const key = randomUUID();
      try {
        const answer = await redeem(walker, key);
        if (answer.status === 201) walker.vouchers.set(key, answer.body.voucher.id);
      } catch {
        walker.unanswered.push(key);
        return;
      }
    }
  }

  beforeAll(async () => {
    database = await createMysqlDatabase();
    const port = String(await freePort());
    env = {
      PORT: port,
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      JWT_SECRET: 'crash-test-secret-of-at-least-32-characters',
      PLATFORM_SANDBOX: '1',
      DEMO_DATA: '0',
      DAY_END_SETTLEMENT: '0',
      LOG_LEVEL: 'silent',
      OPS_BOOTSTRAP_USER: OPERATOR.username,
      OPS_BOOTSTRAP_PASSWORD: OPERATOR.password,
      RATE_LIMIT_SYNCS_PER_MINUTE: '100000',
      RATE_LIMIT_LOGINS_PER_MINUTE: '1000',
    };
    bff = spawnBff(env);
    url = await bff.started;
    // The merchant helpers need only an address and a clock.
    const target = { url, clock: new TestClock(new Date()) } as unknown as TestServer;
    const operator = await staffToken(target, OPERATOR.username, OPERATOR.password);
    const shop = await createMerchant(target, operator, '山顶咖啡');
    offerId = await liveOffer(target, shop.token, operator, { priceCoins: 1, totalStock: 100_000, perUserLimit: 100 });
    for (let i = 0; i < USERS; i += 1) {
      const walker: Walker = { name: `walker-${i}`, token: '', steps: 2000, acknowledgedSteps: 0, vouchers: new Map(), unanswered: [] };
      walker.token = await login(walker.name);
      expect((await sync(walker, walker.steps)).status).toBe(200);
      walker.acknowledgedSteps = walker.steps;
      walkers.push(walker);
    }
    db = createDataSource({ type: 'mysql', url: database.url });
    await db.initialize();
  });
  afterAll(async () => {
    await bff?.kill();
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
  });

  it('keeps every acknowledged sync and redemption, and a balanced ledger, after SIGKILL and a restart', async () => {
    const running = walkers.map(load);
    await new Promise((resolve) => setTimeout(resolve, LOAD_BEFORE_KILL_MS));
    await bff.kill();
    await Promise.all(running);
    expect(walkers.reduce((sum, walker) => sum + walker.vouchers.size, 0)).toBeGreaterThan(0);

    bff = spawnBff(env);
    expect(await bff.started).toBe(url);
    expect(await ledgerState(db)).toMatchObject(HEALTHY);
    for (const walker of walkers) {
      // A key cut by the kill either committed whole or not at all: sending it again settles which.
      for (const key of walker.unanswered) {
        const again = await redeem(walker, key);
        expect(again.status).toBe(201);
        walker.vouchers.set(key, again.body.voucher.id);
      }
      const me = await call({ url }, 'GET', '/api/v1/me', { token: walker.token });
      expect(me.body.today.steps).toBeGreaterThanOrEqual(walker.acknowledgedSteps);
      const held = await call({ url }, 'GET', '/api/v1/vouchers', { token: walker.token });
      const ids = held.body.items.map((voucher: { id: string }) => voucher.id).sort();
      expect(ids).toEqual([...walker.vouchers.values()].sort());
      // Coins in = the day's credit for the steps kept; coins out = one per voucher.
      expect(me.body.wallet.balance).toBe(Math.min(600, Math.floor((me.body.today.steps * 60 * 5) / 10_000)) - ids.length);
    }
    expect(await ledgerState(db)).toMatchObject(HEALTHY);
  });
});
