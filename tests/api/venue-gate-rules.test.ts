import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, callRoute, orFail, signIn, syncSteps, type TestUser } from '../support/client.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { POOL, entryCode, liveVenue } from '../support/venues.js';

const MINUTE = 60_000;

/**
 * Issue 13's gate rules beyond the contract's: opening hours, the entry-pass limit, the pass's
 * server time, the day's workout coins in `/me` and in the login answer, and campaigns on workouts.
 * The test clock starts at 10:00 on Monday 2026-06-15 in Asia/Shanghai; the venue opens 07:00–22:00.
 */
describe.each(await storageBackends())('venue gate rules on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let shop: { id: string; token: string };
  let pool: string;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_PASSES_PER_MINUTE: '8' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    shop = await createMerchant(server, operator, '城东运动');
    ({ facilityIds: [pool] } = await liveVenue(server, shop, operator, [POOL]));
  });
  afterAll(async () => server?.stop());

  async function swimmer(name: string): Promise<TestUser> {
    const user = await signIn(server, name);
    await syncSteps(server, user, 10_000); // 300 coins
    return user;
  }

  async function swim(user: TestUser, minutes: number) {
    await orFail('entry', apiAs(server, shop.token).gateEnter({ body: { facilityId: pool, code: await entryCode(server, user.token) } }));
    server.clock.advance(minutes * MINUTE);
    return orFail('exit', apiAs(server, shop.token).gateExit({ body: { facilityId: pool, code: await entryCode(server, user.token) } }));
  }

  it.runIf(available)('charges the half hour a stay has started, to the second, and returns the rest of the hold', async () => {
    const user = await swimmer('second-swimmer');
    const before = (await orFail('me', apiAs(server, user.token).me())).wallet.balance;
    await orFail('entry', apiAs(server, shop.token).gateEnter({ body: { facilityId: pool, code: await entryCode(server, user.token) } }));
    server.clock.advance(30 * MINUTE + 58_000);
    const exit = await orFail('exit', apiAs(server, shop.token).gateExit({ body: { facilityId: pool, code: await entryCode(server, user.token) } }));
    expect(exit.visit).toMatchObject({ minutes: 30, fee: 20 });
    expect(exit.balance).toBe(before - 20 + exit.visit.coinsEarned + (exit.visit.campaignCoins ?? 0));
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.runIf(available)('refuses walk-ins outside the opening hours in the business time zone, and always lets people out', async () => {
    const late = await swimmer('late-swimmer');
    const start = server.clock.at;
    try {
      // 21:50: in, and out after closing time at 22:20.
      server.clock.at = new Date('2026-06-15T21:50:00+08:00');
      await orFail('entry before closing', apiAs(server, shop.token).gateEnter({ body: { facilityId: pool, code: await entryCode(server, late.token) } }));
      server.clock.at = new Date('2026-06-15T22:20:00+08:00');
      const exit = await callRoute(server, 'gateExit', { token: shop.token, body: { facilityId: pool, code: await entryCode(server, late.token) } });
      expect(exit.status).toBe(200);
      expect(exit.body.visit).toMatchObject({ minutes: 30, fee: 10 });
      // 22:00 exactly is closed (the closing minute is not open), as is 06:59 the next morning.
      for (const at of ['2026-06-15T22:00:00+08:00', '2026-06-16T06:59:00+08:00']) {
        server.clock.at = new Date(at);
        const code = await entryCode(server, late.token);
        const refused = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code } });
        expect([refused.status, refused.body.error.code]).toEqual([409, 'VENUE_CLOSED']);
        // The refusal used nothing up: the same code lets the user in once the venue opens.
        server.clock.at = new Date(new Date(at).getTime() + 50_000);
        expect((await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code } })).body.error.code).toBe('VENUE_CLOSED');
      }
      // 07:00 in Shanghai is 23:00 UTC the day before: open, by the business time zone's clock.
      server.clock.at = new Date('2026-06-15T23:00:00Z');
      const opened = await callRoute(server, 'gateEnter', { token: shop.token, body: { facilityId: pool, code: await entryCode(server, late.token) } });
      expect(opened.status).toBe(201);
      await orFail('exit', apiAs(server, shop.token).gateExit({ body: { visitId: opened.body.visit.id } }));
    } finally {
      server.clock.at = start;
    }
  });

  it.runIf(available)('limits entry passes per user and answers RATE_LIMITED with Retry-After', async () => {
    const eager = await signIn(server, 'eager-passes');
    const other = await signIn(server, 'other-passes');
    const answers = [];
    for (let index = 0; index < 9; index += 1) answers.push(await callRoute(server, 'createEntryPass', { token: eager.token }));
    expect(answers.map((answer) => answer.status)).toEqual([...Array(8).fill(200), 429]);
    expect(answers[8].body.error.code).toBe('RATE_LIMITED');
    expect(Number(answers[8].headers.get('retry-after'))).toBeGreaterThan(0);
    // Per user: someone else still gets theirs.
    expect((await callRoute(server, 'createEntryPass', { token: other.token })).status).toBe(200);
  });

  it.runIf(available)("answers the pass's issue time by the server's clock, and today's workout coins in /me and the login answer", async () => {
    const user = await swimmer('workout-today');
    const pass = await apiAs(server, user.token).createEntryPass({});
    expect(pass.issuedAt).toBe(server.clock.at.toISOString());
    expect(Date.parse(pass.expiresAt) - Date.parse(pass.issuedAt)).toBe(60_000);
    expect((await apiAs(server, user.token).me()).today).toMatchObject({ coins: 300, workoutCoins: 0 });
    const receipt = await swim(user, 45); // 270 kcal
    expect(receipt.visit).toMatchObject({ calories: 270, coinsEarned: 270, campaignCoins: 0 });
    const me = await apiAs(server, user.token).me();
    expect(me.today).toMatchObject({ coins: 300, workoutCoins: 270, workoutRewardCoins: 270 });
    const again = await orFail('login', apiAs(server).login({ body: { authCode: server.sandbox!.issueAlipayAuthCode('workout-today') } }));
    expect(again.me).toEqual(me);
  });

  it.runIf(available)("answers a new user's /me in their first login answer, as /me itself does", async () => {
    const first = await orFail('login', apiAs(server).login({ body: { authCode: server.sandbox!.issueAlipayAuthCode('first-login') } }));
    expect(first.me).toMatchObject({ wallet: { balance: 0 }, today: { date: server.clock.today, steps: 0, coins: 0, workoutCoins: 0, workoutRewardCoins: 0 } });
    expect(first.me).toEqual(await apiAs(server, first.token).me());
  });

  it.runIf(available)('pays campaigns on workouts from the same budget, leaves step-only campaigns to steps, and keeps the default target', async () => {
    const swimmers = await createCommunity(server, operator, '游泳群', 'other');
    const legacy = await createCampaign(server, operator, { communityIds: [swimmers] });
    expect(legacy).toMatchObject({ target: 'steps', workoutThresholds: [] });
    const workouts = await createCampaign(server, operator, {
      name: '游泳加倍',
      communityIds: [swimmers],
      target: 'workouts',
      multiplierPercent: 150,
      workoutThresholds: [{ workoutCoins: 200, coins: 40 }],
      budgetCoins: 300,
    });
    expect(workouts).toMatchObject({ target: 'workouts', workoutThresholds: [{ workoutCoins: 200, coins: 40 }] });
    const refused = await callRoute(server, 'createCampaign', {
      token: operator,
      body: { name: '错', startDate: server.clock.today, endDate: server.clock.today, budgetCoins: 10, workoutThresholds: [{ workoutCoins: 1, coins: 1 }] },
    });
    expect([refused.status, refused.body.error.details[0].path]).toEqual([400, 'workoutThresholds']);

    const member = await signIn(server, 'campaign-swimmer');
    await orFail('join', apiAs(server, member.token).joinCommunity({ params: { id: swimmers } }));
    const synced = await syncSteps(server, member, 10_000);
    // The step campaign pays the steps (×2), the workout campaign nothing on steps.
    expect(synced.body.campaigns).toEqual([expect.objectContaining({ id: legacy.id, credited: 300 })]);

    const first = await swim(member, 20); // 120 kcal: ×1.5 → 60
    expect(first.visit).toMatchObject({ coinsEarned: 120, campaignCoins: 60 });
    const second = await swim(member, 20); // day 240: 120 + threshold 40 = 160 owed, 100 more; budget 240 left
    expect(second.visit).toMatchObject({ coinsEarned: 120, campaignCoins: 100 });
    const third = await swim(member, 45); // cap 300: day 300 → 150 + 40 = 190, 30 more
    expect(third.visit).toMatchObject({ coinsEarned: 60, campaignCoins: 30 });
    const mine = await apiAs(server, member.token).activeCampaigns();
    expect(mine.items.find((c) => c.id === workouts.id)).toMatchObject({ workoutCreditedToday: 190, creditedToday: 0, budgetLeft: 110 });
    expect(mine.items.find((c) => c.id === legacy.id)).toMatchObject({ workoutCreditedToday: 0, creditedToday: 300 });
    // Today's workout coins on /me count what campaigns added to the workouts, as today's coins count step bonuses.
    // The cap counts the workout coins alone: the preview of a next visit starts from workoutRewardCoins.
    expect((await apiAs(server, member.token).me()).today).toMatchObject({ workoutCoins: 300 + 190, workoutRewardCoins: 300 });
    // An exit answered twice pays its campaign coins once.
    const repeat = await apiAs(server, shop.token).gateExit({ body: { visitId: third.visit.id } });
    expect(repeat.visit).toEqual(third.visit);
    const visits = await apiAs(server, member.token).listVisits({ query: { limit: 5 } });
    expect(visits.items.map((visit) => visit.campaignCoins)).toEqual([30, 100, 60]);
    const history = await apiAs(server, member.token).walletTransactions({ query: { limit: 20 } });
    expect(history.items.filter((item) => item.kind === 'campaign_bonus').map((item) => item.amount)).toEqual([30, 100, 60, 300]);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
