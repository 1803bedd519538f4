import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataSource, startStandaloneSandbox, type StandaloneSandbox } from '@calorie-bank/bff';
import type { DataSource } from 'typeorm';
import { call, type ApiAnswer } from '../support/client.js';
import { deleteKeys, TestClock, type TestServer } from '../support/harness.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';
import { png, uploadFile } from '../support/images.js';
import { availableServices, createMysqlDatabase, REDIS_URL, SERVICES_REQUIRED } from '../support/services.js';
import { spawnBff, type BffProcess } from '../support/bff-process.js';
import { NGINX, startNginx, type NginxProcess } from '../support/nginx-process.js';
import { freePort } from '../support/ports.js';

const { mysql, redis } = await availableServices();
const nginxInstalled = existsSync(NGINX);
if (SERVICES_REQUIRED && !nginxInstalled) throw new Error(`REQUIRE_SERVICES=1 but ${NGINX} is missing (apt-get install -y nginx)`);

const PROCESSES = 3;
const WALKERS = 8;
const ROUNDS = 9;
/** The BFF killed once this share of the storm's operations has been acknowledged. */
const KILL_AFTER = 0.3;
const REWARD = 40;
const START_STEPS = 8_000;

/** Today in Asia/Shanghai by the real clock the BFF processes use. */
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const stepCoins = (steps: number) => Math.min(600, Math.floor((steps * 60 * 5) / 10_000));

interface Walker {
  name: string;
  id: string;
  token: string;
  steps: number;
  /** Voucher ids by the Idempotency-Key that acknowledged them. */
  vouchers: Map<string, string>;
  refunded: Set<string>;
}

describe.skipIf(!mysql || !redis || !nginxInstalled)('three BFF processes behind nginx, one killed mid-storm', () => {
  let database: { url: string; drop(): Promise<void> };
  let platform: StandaloneSandbox;
  let nginx: NginxProcess;
  let db: DataSource;
  let dataDir: string;
  const keyPrefix = `cbtest:${process.pid}:mp${Math.random().toString(36).slice(2, 6)}:`;
  const bffs: BffProcess[] = [];
  const bffUrls: string[] = [];
  const walkers: Walker[] = [];
  const stats = { retries: 0, acknowledged: 0 };
  let lb: { url: string };
  let merchant: { id: string; token: string };
  let operator: string;
  let offerId: string;
  let event: { id: string; checkinCode: string };
  let community: string;

  /**
   * Sends a request the way a careful client does: an answer that says nothing was done for sure
   * (a cut connection, 502/503/504 from the balancer or a BFF) is sent again, unchanged and with
   * the same Idempotency-Key, until a definite answer comes.
   */
  async function reliably(send: () => Promise<ApiAnswer>): Promise<{ answer: ApiAnswer; attempts: number }> {
    for (let attempts = 1; ; attempts += 1) {
      try {
        const answer = await send();
        if (![502, 503, 504].includes(answer.status)) return { answer, attempts };
      } catch (error) {
        if (attempts >= 30) throw error;
      }
      if (attempts >= 30) throw new Error('no definite answer after 30 attempts');
      stats.retries += 1;
      await new Promise((resolve) => setTimeout(resolve, 50 * Math.min(attempts, 10)));
    }
  }

  const post = (token: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    reliably(() => call(lb, 'POST', `/api/v1${path}`, { token, body, headers }));
  const get = (token: string, path: string) => reliably(() => call(lb, 'GET', `/api/v1${path}`, { token }));

  async function login(name: string): Promise<{ id: string; token: string }> {
    const { answer } = await post('', '/auth/login', { authCode: platform.sandbox.issueAlipayAuthCode(name) });
    if (answer.status !== 200) throw new Error(`login failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return { id: answer.body.user.id, token: answer.body.token };
  }

  function sync(walker: Walker, steps: number) {
    const response = platform.sandbox.runDataResponse({ countDate: today(), count: String(steps) });
    return post(walker.token, '/steps/sync', { countDate: today(), response });
  }

  beforeAll(async () => {
    database = await createMysqlDatabase();
    platform = await startStandaloneSandbox();
    dataDir = mkdtempSync(join(tmpdir(), 'cb-mp-data-'));
    const ports = await Promise.all(Array.from({ length: PROCESSES }, () => freePort()));
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: database.url,
      REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      JWT_SECRET: 'multi-process-test-secret-of-32-characters-or-more',
      ...platform.alipayEnv,
      DEMO_DATA: '0',
      DAY_END_SETTLEMENT: '0',
      LOG_LEVEL: 'error',
      TRUST_PROXY: '1',
      DATA_DIR: dataDir,
      OPS_BOOTSTRAP_USER: OPERATOR.username,
      OPS_BOOTSTRAP_PASSWORD: OPERATOR.password,
      RATE_LIMIT_SYNCS_PER_MINUTE: '100000',
      RATE_LIMIT_LOGINS_PER_MINUTE: '100000',
    };
    // All three start at once on the empty database, as a process manager starts them: they migrate it together.
    for (const port of ports) bffs.push(spawnBff({ ...env, PORT: String(port) }));
    bffUrls.push(...(await Promise.all(bffs.map((bff) => bff.started))));
    nginx = await startNginx(ports, { workers: 1 });
    lb = { url: nginx.url };

    const target = { url: lb.url, clock: new TestClock(new Date()) } as unknown as TestServer;
    operator = await staffToken(target, OPERATOR.username, OPERATOR.password);
    merchant = await createMerchant(target, operator, '山顶咖啡');
    offerId = await liveOffer(target, merchant.token, operator, { priceCoins: 3, totalStock: 100_000, perUserLimit: 100 });
    community = await createCommunity(target, operator, '夜跑群');
    // Prizes only, paid at settlement (off here): the campaign changes no sync, it only funds the event's reward.
    const budget = await createCampaign(target, operator, { communityIds: [community], budgetCoins: 100_000, multiplierPercent: 100, prizes: [1] });
    const startsAt = Date.now() + 10 * 60_000;
    const created = await call(lb, 'POST', `/api/v1/ops/communities/${community}/events`, {
      token: operator,
      body: {
        title: '夜跑',
        place: '奥森南门',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 3_600_000).toISOString(),
        capacity: 100,
        rewardCoins: REWARD,
        rewardCampaignId: budget.id,
      },
    });
    expect(created.status).toBe(201);
    event = created.body.event;
    const joined = await Promise.all(
      Array.from({ length: WALKERS }, async (_, i) => {
        const name = `runner-${i}`;
        const walker: Walker = { name, ...(await login(name)), steps: START_STEPS, vouchers: new Map(), refunded: new Set() };
        expect((await sync(walker, walker.steps)).answer.status).toBe(200);
        expect((await post(walker.token, `/communities/${community}/join`)).answer.status).toBe(200);
        expect((await post(walker.token, `/events/${event.id}/signup`)).answer.status).toBe(200);
        return walker;
      }),
    );
    walkers.push(...joined);
    db = createDataSource({ type: 'mysql', url: database.url });
    await db.initialize();
  }, 120_000);

  afterAll(async () => {
    await nginx?.stop();
    await Promise.all(bffs.map((bff) => bff.kill()));
    await platform?.close();
    if (db?.isInitialized) await db.destroy();
    await database?.drop();
    await deleteKeys(keyPrefix);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('limits wrong check-in codes per user across all processes, not per process', async () => {
    const guesser = walkers[0];
    const wrong = (n: number) => String((Number(event.checkinCode) + n) % 1_000_000).padStart(6, '0');
    for (let n = 1; n <= 5; n += 1) {
      expect((await post(guesser.token, `/events/${event.id}/checkin`, { code: wrong(n) })).answer.body.error.code).toBe('CHECKIN_CODE_INVALID');
    }
    // Five wrong guesses spread over three processes spend one shared budget: the right code now waits too.
    const limited = (await post(guesser.token, `/events/${event.id}/checkin`, { code: event.checkinCode })).answer;
    expect(limited.status).toBe(429);
    // This walker checks in only after the window; the storm leaves it out.
    walkers.shift();
  });

  it('serves an image uploaded through one process from every process (shared MEDIA_DIR)', async () => {
    const uploaded = await uploadFile(`${lb.url}/api/v1/merchant/uploads`, merchant.token, png(48), 'cup.png', 'image/png');
    expect(uploaded.status).toBe(201);
    const path = new URL(uploaded.body.image.url, lb.url).pathname;
    for (const url of bffUrls) expect((await fetch(`${url}${path}`)).status).toBe(200);
  });

  it('shows a changed nickname on boards read through every process, not after a per-process cache expires', async () => {
    const [renamed, reader] = [walkers[0], walkers[1]];
    const board = `/api/v1/leaderboards/daily?scope=community:${community}&limit=50`;
    const nameIn = async (url: string) => {
      const answer = await call({ url }, 'GET', board, { token: reader.token });
      return answer.body.entries.find((entry: { userId: string }) => entry.userId === renamed.id)?.nickname as string | undefined;
    };
    // Every process reads the board, so each holds the old nickname in its cache.
    for (const url of bffUrls) expect(await nameIn(url)).toBeDefined();
    const patched = await call({ url: bffUrls[0] }, 'PATCH', '/api/v1/me/profile', { token: renamed.token, body: { nickname: '改名的跑者' } });
    expect(patched.status).toBe(200);
    // Past the one-second top cache, well inside the nickname cache's minute.
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    for (const url of bffUrls) expect(await nameIn(url)).toBe('改名的跑者');
  });

  it('takes every acknowledged sync, redemption, refund and check-in exactly once when a process is SIGKILLed mid-storm', async () => {
    const total = walkers.length * ROUNDS;
    let killed: Promise<unknown> | undefined;
    const acknowledge = () => {
      stats.acknowledged += 1;
      if (!killed && stats.acknowledged >= total * KILL_AFTER) killed = bffs[1].kill();
    };

    async function storm(walker: Walker, index: number): Promise<void> {
      for (let round = 0; round < ROUNDS; round += 1) {
        walker.steps += 250;
        const synced = (await sync(walker, walker.steps)).answer;
        expect(synced.status, JSON.stringify(synced.body)).toBe(200);

        const key = randomUUID();
        const redeemed = (await post(walker.token, `/offers/${offerId}/redeem`, undefined, { 'idempotency-key': key })).answer;
        expect(redeemed.status, JSON.stringify(redeemed.body)).toBe(201);
        walker.vouchers.set(key, redeemed.body.voucher.id);

        if ((round + index) % 3 === 1) {
          const voucherId = redeemed.body.voucher.id as string;
          const { answer, attempts } = await post(merchant.token, `/merchant/vouchers/${voucherId}/refund`);
          // A retry of a refund that committed before its answer was cut finds it refunded already.
          if (answer.status !== 200) expect([attempts > 1, answer.body.error?.code]).toEqual([true, 'VOUCHER_NOT_REDEEMABLE']);
          walker.refunded.add(voucherId);
        }
        if (round === 3) {
          const checkedIn = (await post(walker.token, `/events/${event.id}/checkin`, { code: event.checkinCode })).answer;
          expect(checkedIn.status, JSON.stringify(checkedIn.body)).toBe(200);
        }
        acknowledge();
      }
    }

    await Promise.all(walkers.map(storm));
    expect(killed, 'the storm ended before a process was killed').toBeDefined();
    expect(await killed).toBeNull();
    expect(bffs[1].child.signalCode).toBe('SIGKILL');
    expect(await ledgerState(db)).toMatchObject(HEALTHY);

    for (const walker of walkers) {
      const me = (await get(walker.token, '/me')).answer.body;
      expect(me.today.steps).toBe(walker.steps);
      const held = (await get(walker.token, '/vouchers?limit=100')).answer.body;
      expect(held.nextCursor).toBeNull();
      // Every acknowledged key made one voucher, and nothing else made any.
      expect(held.items.map((voucher: { id: string }) => voucher.id).sort()).toEqual([...walker.vouchers.values()].sort());
      for (const voucher of held.items as { id: string; status: string }[]) {
        expect(voucher.status).toBe(walker.refunded.has(voucher.id) ? 'refunded' : 'issued');
      }
      const history = (await get(walker.token, '/wallet/transactions?limit=100')).answer.body;
      expect(history.nextCursor).toBeNull();
      const kinds = (kind: string) => history.items.filter((item: { kind: string }) => item.kind === kind).length;
      expect([kinds('redemption'), kinds('refund'), kinds('event_reward')]).toEqual([walker.vouchers.size, walker.refunded.size, 1]);
      const held3 = 3 * (walker.vouchers.size - walker.refunded.size);
      expect(me.wallet.balance).toBe(stepCoins(walker.steps) + REWARD - held3);
    }

    // Boards read through any process show the database's truth once the short top cache has passed.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    for (let read = 0; read < PROCESSES; read += 1) {
      const board = (await get(walkers[0].token, `/leaderboards/daily?scope=community:${community}&limit=50`)).answer.body;
      const steps = new Map(board.entries.map((entry: { userId: string; steps: number }) => [entry.userId, entry.steps]));
      for (const walker of walkers) expect(steps.get(walker.id)).toBe(walker.steps);
    }
    // The two processes left served the storm's traffic after the kill.
    for (const url of [bffUrls[0], bffUrls[2]]) {
      const metrics = await (await fetch(`${url}/metrics`)).text();
      expect(metrics).toMatch(/step_syncs_total\{[^}]*outcome="accepted"[^}]*\} [1-9]/);
    }
    expect(nginx.errorLog()).toMatch(/connect\(\) failed|upstream prematurely closed|reset by peer/);
    console.info(`multi-process storm: ${stats.acknowledged} rounds acknowledged, ${stats.retries} client retries after the kill`);
  }, 90_000);
});
