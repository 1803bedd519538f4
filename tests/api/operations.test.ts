import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSettlementScheduler } from '@calorie-bank/bff';
import { availableServices, REDIS_URL, storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';

const backends = await storageBackends();
const services = await availableServices();

describe.each(backends)('operations on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;

  const ops = (method: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(server, method, `/api/v1/ops${path}`, { token: operator, body, headers });

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('freezes a user, whose syncs are then recorded but not credited, and unfreezes them', async () => {
    const user = await signIn(server, 'suspect');
    await call(server, 'PATCH', '/api/v1/me/profile', { token: user.token, body: { nickname: '可疑账号' } });
    const found = await ops('GET', `/users?q=${encodeURIComponent('可疑')}`);
    expect(found.body.items.map((item: { id: string }) => item.id)).toEqual([user.id]);
    expect((await ops('POST', `/users/${user.id}/freeze`, { reason: ' ' })).body.error.code).toBe('VALIDATION_FAILED');
    // The contract's freeze and unfreeze carry no body: the reason is the console's to ask for.
    expect((await ops('POST', `/users/${user.id}/freeze`)).body.user.frozen).toBe(true);
    expect((await ops('POST', `/users/${user.id}/unfreeze`, {})).body.user.frozen).toBe(false);
    expect((await ops('POST', `/users/${user.id}/freeze`, { reason: '重放步数' })).body.user.frozen).toBe(true);
    const refused = await syncSteps(server, user, 9_000);
    expect(refused.body.error.code).toBe('USER_FROZEN');
    const [attempt]: { outcome: string; reason: string }[] = await server.context.db.query(
      'SELECT outcome, reason FROM step_sync_attempts WHERE user_id = ? ORDER BY id DESC LIMIT 1',
      [user.id],
    );
    expect(attempt).toEqual({ outcome: 'rejected', reason: 'USER_FROZEN' });
    expect((await ops('POST', `/users/${user.id}/unfreeze`, { reason: '申诉通过' })).body.user.frozen).toBe(false);
    expect((await syncSteps(server, user, 9_000)).body.credited).toBe(270);
    const audit = await ops('GET', '/audit?action=user.freeze');
    expect(audit.body.items[0]).toMatchObject({ targetId: user.id, reason: '重放步数', before: { frozen: false }, after: { frozen: true } });
  });

  it.skipIf(!available)('adjusts a balance with a reason, once per Idempotency-Key, never below zero', async () => {
    const user = await signIn(server, 'adjusted');
    const key = randomUUID();
    const credit = { userId: user.id, amount: 120, reason: '活动补偿' };
    const first = await ops('POST', '/adjustments', credit, { 'idempotency-key': key });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amount: 120, balance: 120 });
    expect((await ops('POST', '/adjustments', credit, { 'idempotency-key': key })).body).toMatchObject({ transactionId: first.body.transactionId, balance: 120 });
    expect((await ops('POST', '/adjustments', { ...credit, amount: 5 }, { 'idempotency-key': key })).body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const overdraw = await ops('POST', '/adjustments', { ...credit, amount: -500, reason: '误发回收' }, { 'idempotency-key': randomUUID() });
    expect(overdraw.body.error.code).toBe('INSUFFICIENT_COINS');
    expect((await ops('POST', '/adjustments', { ...credit, reason: '' }, { 'idempotency-key': randomUUID() })).body.error.code).toBe('VALIDATION_FAILED');
    const history = await call(server, 'GET', '/api/v1/wallet/transactions', { token: user.token });
    expect(history.body.items).toEqual([expect.objectContaining({ kind: 'adjustment', amount: 120, memo: '+120 活动补偿' })]);
    const audit = await ops('GET', '/audit?action=user.adjust&limit=5');
    expect(audit.body.items.filter((entry: { targetId: string }) => entry.targetId === user.id)).toHaveLength(1);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('lists implausible syncs for review and reports the day in figures', async () => {
    const user = await signIn(server, 'too-many');
    expect((await syncSteps(server, user, 150_000)).body.error.code).toBe('STEPS_IMPLAUSIBLE');
    const flagged = await ops('GET', '/flagged-syncs');
    expect(flagged.body.items[0]).toMatchObject({ userId: user.id, steps: 150_000, reason: 'STEPS_IMPLAUSIBLE', outcome: 'rejected' });
    const stats = await ops('GET', `/stats?date=${server.clock.today}`);
    expect(stats.status).toBe(200);
    const [{ users, steps }]: { users: number | string; steps: number | string }[] = await server.context.db.query(
      'SELECT COUNT(*) AS users, SUM(steps) AS steps FROM daily_steps WHERE date = ?',
      [server.clock.today],
    );
    expect(stats.body).toMatchObject({ date: server.clock.today, usersSynced: Number(users), steps: Number(steps) });
    expect(stats.body.coinsIssued.adjustment).toBeGreaterThanOrEqual(120);
    const series = await ops('GET', '/stats/daily?days=7');
    expect(series.body.days).toHaveLength(7);
    expect(series.body.days[6]).toMatchObject({ date: server.clock.today, usersSynced: Number(users) });
  });

  it.skipIf(!available)('settles a closed day once: snapshots the boards and pays the campaign prizes', async () => {
    const hiking = await createCommunity(server, operator, '结算徒步群');
    const listed = await ops('GET', '/communities?limit=100');
    expect(listed.body.items).toContainEqual(expect.objectContaining({ id: hiking, name: '结算徒步群', joined: false }));
    const campaign = await createCampaign(server, operator, { communityIds: [hiking], prizes: [500, 200], budgetCoins: 2000 });
    const hikers: TestUser[] = [];
    for (const [index, steps] of [12_000, 15_000, 9_000].entries()) {
      const hiker = await signIn(server, `hiker-${index}`);
      await call(server, 'POST', `/api/v1/communities/${hiking}/join`, { token: hiker.token });
      await syncSteps(server, hiker, steps);
      hikers.push(hiker);
    }
    const day = server.clock.today;
    expect((await ops('POST', '/settlements', { date: day })).body.error.code).toBe('DAY_NOT_CLOSED');
    server.clock.advance(2 * 86_400_000);
    const balancesBefore = await Promise.all(hikers.map(async (hiker) => (await call(server, 'GET', '/api/v1/me', { token: hiker.token })).body.wallet.balance));
    const settled = await Promise.all([ops('POST', '/settlements', { date: day }), ops('POST', '/settlements', { date: day })]);
    expect(settled.map((answer) => answer.status)).toEqual([200, 200]);
    const again = await ops('POST', '/settlements', { date: day });
    expect(again.body.settlement).toMatchObject({ date: day, status: 'done', prizesPaid: 700 });
    const audited = await ops('GET', '/audit?action=day.settle');
    expect(audited.body.items.filter((entry: { targetId: string }) => entry.targetId === day)).toEqual([
      expect.objectContaining({ actor: OPERATOR.username, after: expect.objectContaining({ prizesPaid: 700 }) }),
    ]);
    const balances = await Promise.all(hikers.map(async (hiker) => (await call(server, 'GET', '/api/v1/me', { token: hiker.token })).body.wallet.balance));
    expect(balances.map((balance, index) => balance - balancesBefore[index])).toEqual([200, 500, 0]);
    const snapshot: { place: number; user_id: number | string; prize_coins: number }[] = await server.context.db.query(
      'SELECT place, user_id, prize_coins FROM leaderboard_snapshots WHERE date = ? AND scope = ? ORDER BY place',
      [day, `campaign:${campaign.id}`],
    );
    expect(snapshot.map((row) => [Number(row.place), String(row.user_id), Number(row.prize_coins)])).toEqual([
      [1, hikers[1].id, 500],
      [2, hikers[0].id, 200],
      [3, hikers[2].id, 0],
    ]);
    const global: unknown[] = await server.context.db.query("SELECT place FROM leaderboard_snapshots WHERE date = ? AND scope = 'global'", [day]);
    expect(global.length).toBeGreaterThanOrEqual(3);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
    server.clock.advance(-2 * 86_400_000);
  });
});

describe.skipIf(!(services.mysql && services.redis))('the day-end job on bullmq', () => {
  let server: TestServer;
  afterAll(async () => server?.stop());

  it('registers one day-end scheduler however many processes start it', async () => {
    server = await startTestServer('mysql+redis');
    const config = { mode: 'single' as const, url: REDIS_URL, keyPrefix: server.keyPrefix };
    const schedulers = [startSettlementScheduler(server.context, config), startSettlementScheduler(server.context, config)];
    const queue = new Queue('settlement', { connection: new Redis(REDIS_URL, { maxRetriesPerRequest: null }), prefix: `${server.keyPrefix}{settlement}` });
    try {
      let found: { id?: string | null; pattern?: string | null; tz?: string | null }[] = [];
      for (let attempt = 0; attempt < 50 && found.length === 0; attempt += 1) {
        found = await queue.getJobSchedulers();
        if (found.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(found).toEqual([expect.objectContaining({ key: 'day-end', pattern: '5 0 * * *', tz: 'Asia/Shanghai' })]);
    } finally {
      await queue.close();
      await Promise.all(schedulers.map((scheduler) => scheduler.close()));
    }
  });
});
