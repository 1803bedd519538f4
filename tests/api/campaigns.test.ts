import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, GOLDEN_CAMPAIGN_CASES } from '@calorie-bank/shared';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';

const backends = await storageBackends();

/** Golden cases the API can replay from a fresh day: a first sync, with a budget that can be funded. */
const REPLAYABLE = GOLDEN_CAMPAIGN_CASES.filter((golden) => golden.campaigns.every((c) => c.alreadyCredited === 0 && c.budgetLeft > 0));

describe.each(backends)('campaigns on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;

  const join = (user: TestUser, community: string) => call(server, 'POST', `/api/v1/communities/${community}/join`, { token: user.token });

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('pays members of the audience on top of their base coins, and nobody else', async () => {
    const hiking = await createCommunity(server, operator);
    const campaign = await createCampaign(server, operator, { communityIds: [hiking], thresholds: [{ steps: 10_000, coins: 50 }] });
    const member = await signIn(server, 'member');
    const outsider = await signIn(server, 'outsider');
    expect((await join(member, hiking)).status).toBe(200);

    const paid = await syncSteps(server, member, 10_000);
    // 300 base coins, doubled (+300), and 50 for reaching 10,000 steps.
    expect(paid.body).toMatchObject({ credited: 650, coinsToday: 650, balance: 650 });
    expect(paid.body.campaigns).toEqual([{ id: campaign.id, name: '双倍金币', credited: 350, exhausted: false }]);
    expect((await syncSteps(server, outsider, 10_000)).body).toMatchObject({ credited: 300, balance: 300, campaigns: [] });
    expect((await syncSteps(server, member, 10_000)).body).toMatchObject({ credited: 0, coinsToday: 650, balance: 650 });

    const history = await call(server, 'GET', '/api/v1/wallet/transactions', { token: member.token });
    expect(history.body.items.map((item: { kind: string; amount: number }) => [item.kind, item.amount])).toEqual([
      ['campaign_bonus', 350],
      ['step_reward', 300],
    ]);
    const mine = await call(server, 'GET', '/api/v1/campaigns', { token: member.token });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: campaign.id, creditedToday: 350, budgetLeft: 10_000 - 350, exhausted: false })]);
    expect((await call(server, 'GET', '/api/v1/campaigns', { token: outsider.token })).body.items).toEqual([]);

    const board = await call(server, 'GET', `/api/v1/leaderboards/daily?scope=campaign:${campaign.id}`, { token: outsider.token });
    expect(board.body.entries.map((entry: { userId: string }) => entry.userId)).toEqual([member.id]);
    expect(board.body.me).toBeNull();
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('never overspends a budget under concurrent syncs, and says when it is spent', async () => {
    const runners = await createCommunity(server, operator, '晨跑打卡', 'running');
    const campaign = await createCampaign(server, operator, { communityIds: [runners], budgetCoins: 1000 });
    const users: TestUser[] = [];
    for (let index = 0; index < 20; index += 1) {
      const user = await signIn(server, `runner-${index}`);
      await join(user, runners);
      users.push(user);
    }
    // Each is owed 300 bonus coins; the budget covers three and a third of them.
    const answers = await Promise.all(users.map((user) => syncSteps(server, user, 10_000)));
    expect(answers.map((answer) => answer.status)).toEqual(users.map(() => 200));
    const bonuses = answers.map((answer) => answer.body.campaigns[0].credited as number);
    expect(bonuses.reduce((sum, coins) => sum + coins, 0)).toBe(1000);
    expect(bonuses.filter((coins) => coins === 300)).toHaveLength(3);
    expect(bonuses.filter((coins) => coins === 100)).toHaveLength(1);

    const later = await syncSteps(server, users[0], 12_000);
    expect(later.body.campaigns).toEqual([expect.objectContaining({ id: campaign.id, exhausted: true, credited: 0 })]);
    const mine = await call(server, 'GET', '/api/v1/campaigns', { token: users[0].token });
    expect(mine.body.items[0]).toMatchObject({ budgetLeft: 0, exhausted: true });
    const all = await call(server, 'GET', '/api/v1/ops/campaigns', { token: operator });
    expect(all.body.items.find((c: { id: string }) => c.id === campaign.id)).toMatchObject({ budgetCoins: 1000, budgetLeft: 0 });
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('stops paying while paused, and logs each change with before and after', async () => {
    const cyclists = await createCommunity(server, operator, '骑行俱乐部', 'cycling');
    const campaign = await createCampaign(server, operator, { communityIds: [cyclists] });
    const paused = await call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body: { status: 'paused' } });
    expect(paused.body.campaign.status).toBe('paused');
    const rider = await signIn(server, 'rider');
    await join(rider, cyclists);
    expect((await syncSteps(server, rider, 10_000)).body).toMatchObject({ credited: 300, campaigns: [] });

    const resumed = await call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body: { status: 'active', budgetCoins: 15_000 } });
    expect(resumed.body.campaign).toMatchObject({ status: 'active', budgetCoins: 15_000, budgetLeft: 15_000 });
    expect((await syncSteps(server, rider, 10_001)).body).toMatchObject({ credited: 300, campaigns: [expect.objectContaining({ credited: 300 })] });
    const shrink = await call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body: { budgetCoins: 100 } });
    expect(shrink.body.error.code).toBe('VALIDATION_FAILED');

    const audit = await call(server, 'GET', '/api/v1/ops/audit?limit=3', { token: operator });
    expect(audit.body.items.map((entry: { action: string }) => entry.action)).toEqual(['campaign.resume', 'campaign.pause', 'campaign.create']);
    expect(audit.body.items[0]).toMatchObject({
      actor: OPERATOR.username,
      targetType: 'campaign',
      targetId: campaign.id,
      before: expect.objectContaining({ status: 'paused', budgetCoins: 10_000 }),
      after: expect.objectContaining({ status: 'active', budgetCoins: 15_000 }),
    });
    const ended = await call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body: { status: 'ended' } });
    expect(ended.status).toBe(200);
    expect((await call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body: { name: 'x' } })).body.error.code).toBe(
      'CAMPAIGN_NOT_EDITABLE',
    );
  });

  it.skipIf(!available)('refuses a campaign without effect, with bad dates or an unknown community', async () => {
    const base = { name: 'x', startDate: server.clock.today, endDate: server.clock.today, budgetCoins: 100 };
    for (const body of [
      { ...base },
      { ...base, multiplierPercent: 200, endDate: server.clock.yesterday },
      { ...base, multiplierPercent: 5000 },
    ]) {
      const answer = await call(server, 'POST', '/api/v1/ops/campaigns', { token: operator, body });
      expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    }
    // A campaign that ended before yesterday, the earliest day a sync still credits, could never pay.
    const twoDaysAgo = addDays(server.clock.today, -2);
    const over = await call(server, 'POST', '/api/v1/ops/campaigns', { token: operator, body: { ...base, multiplierPercent: 200, startDate: addDays(twoDaysAgo, -5), endDate: twoDaysAgo } });
    expect([over.status, over.body.error.code, over.body.error.details?.[0]?.path]).toEqual([400, 'VALIDATION_FAILED', 'endDate']);
    const lateSyncs = await call(server, 'POST', '/api/v1/ops/campaigns', { token: operator, body: { ...base, multiplierPercent: 200, startDate: server.clock.yesterday, endDate: server.clock.yesterday } });
    expect(lateSyncs.status).toBe(201);
    const moved = await call(server, 'PATCH', `/api/v1/ops/campaigns/${lateSyncs.body.campaign.id}`, { token: operator, body: { startDate: twoDaysAgo, endDate: twoDaysAgo } });
    expect([moved.status, moved.body.error.details?.[0]?.path]).toEqual([400, 'endDate']);
    const unknown = await call(server, 'POST', '/api/v1/ops/campaigns', { token: operator, body: { ...base, multiplierPercent: 200, communityIds: ['999999'] } });
    expect(unknown.body.error.code).toBe('NOT_FOUND');
    const user = await signIn(server, 'nosy');
    expect((await call(server, 'GET', '/api/v1/ops/campaigns', { token: user.token })).body.error.code).toBe('FORBIDDEN');
  });

  it.skipIf(!available)('refuses a repeated community or threshold, naming the repeat, on creation and on edit', async () => {
    const hikers = await createCommunity(server, operator, '重复社群', 'hiking');
    const base = { name: '重复', startDate: server.clock.today, endDate: server.clock.today, multiplierPercent: 200, budgetCoins: 100 };
    const create = (body: Record<string, unknown>) => call(server, 'POST', '/api/v1/ops/campaigns', { token: operator, body: { ...base, ...body } });
    const refused = (answer: { status: number; body: { error?: { code: string; details?: { path: string }[] } } }) => [
      answer.status,
      answer.body.error?.code,
      answer.body.error?.details?.map((detail) => detail.path),
    ];
    expect(refused(await create({ communityIds: [hikers, hikers] }))).toEqual([400, 'VALIDATION_FAILED', ['communityIds.1']]);
    const twice = [{ steps: 8000, coins: 30 }, { steps: 8000, coins: 50 }];
    expect(refused(await create({ thresholds: twice }))).toEqual([400, 'VALIDATION_FAILED', ['thresholds.1.steps']]);
    const workoutsTwice = [{ workoutCoins: 100, coins: 20 }, { workoutCoins: 100, coins: 20 }];
    expect(refused(await create({ target: 'both', workoutThresholds: workoutsTwice }))).toEqual([400, 'VALIDATION_FAILED', ['workoutThresholds.1.workoutCoins']]);

    const campaign = await createCampaign(server, operator, { communityIds: [hikers], thresholds: [{ steps: 8000, coins: 30 }] });
    const edit = (body: Record<string, unknown>) => call(server, 'PATCH', `/api/v1/ops/campaigns/${campaign.id}`, { token: operator, body });
    expect(refused(await edit({ communityIds: [hikers, hikers] }))).toEqual([400, 'VALIDATION_FAILED', ['communityIds.1']]);
    expect(refused(await edit({ thresholds: twice }))).toEqual([400, 'VALIDATION_FAILED', ['thresholds.1.steps']]);
    const all = await call(server, 'GET', '/api/v1/ops/campaigns', { token: operator });
    expect(all.body.items.find((c: { id: string }) => c.id === campaign.id)).toMatchObject({ communityIds: [hikers], thresholds: [{ steps: 8000, coins: 30 }] });
    expect(all.body.items.filter((c: { name: string }) => c.name === '重复')).toEqual([]);
  });

  it.skipIf(!available).each(REPLAYABLE.map((golden) => [golden.name, golden] as const))('golden: %s', async (name, golden) => {
    const community = await createCommunity(server, operator, name.slice(0, 40), 'other');
    const campaigns = [];
    for (const [index, c] of golden.campaigns.entries()) {
      campaigns.push(
        await createCampaign(server, operator, {
          name: `golden ${index}`,
          communityIds: [community],
          multiplierPercent: c.multiplierPercent,
          thresholds: c.thresholds,
          budgetCoins: c.budgetLeft,
        }),
      );
    }
    const user = await signIn(server, `golden-${name}`);
    await join(user, community);
    await call(server, 'PATCH', '/api/v1/me/profile', { token: user.token, body: { weightKg: golden.weightKg } });
    const answer = await syncSteps(server, user, golden.steps);
    expect(answer.body.campaigns.map((c: { credited: number }) => c.credited)).toEqual(golden.campaigns.map((c) => c.credited));
    expect(answer.body.credited).toBe(golden.baseCoins + golden.campaigns.reduce((sum, c) => sum + c.credited, 0));
  });
});
