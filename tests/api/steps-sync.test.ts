import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';

const backends = await storageBackends();

describe.each(backends)('step sync on %s', (backend, available) => {
  let server: TestServer;
  beforeAll(async () => {
    if (available) server = await startTestServer(backend);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('signs a new user in with a wallet at zero', async () => {
    const alice = await signIn(server, 'alice');
    const me = await call(server, 'GET', '/api/v1/me', { token: alice.token });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      user: { id: alice.id, nickname: expect.stringMatching(/^用户/), avatarUrl: null },
      wallet: { balance: 0 },
      today: { date: server.clock.today, steps: 0, calories: 0, coins: 0 },
    });
    const again = await signIn(server, 'alice');
    expect(again.id).toBe(alice.id);
  });

  it.skipIf(!available)('credits a first sync in full and a repeat not at all', async () => {
    const bob = await signIn(server, 'bob');
    const first = await syncSteps(server, bob, 12_000);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      date: server.clock.today,
      steps: 12_000,
      calories: 360,
      coinsToday: 360,
      credited: 360,
      campaigns: [],
      balance: 360,
      rank: 1,
    });
    const repeat = await syncSteps(server, bob, 12_000);
    expect(repeat.body).toMatchObject({ steps: 12_000, coinsToday: 360, credited: 0, balance: 360 });
  });

  it.skipIf(!available)('credits only the steps not yet credited today, and nothing for a lower count', async () => {
    const carol = await signIn(server, 'carol');
    expect((await syncSteps(server, carol, 5_000)).body).toMatchObject({ credited: 150, balance: 150 });
    expect((await syncSteps(server, carol, 8_000)).body).toMatchObject({ steps: 8_000, credited: 90, coinsToday: 240, balance: 240 });
    expect((await syncSteps(server, carol, 3_000)).body).toMatchObject({ steps: 8_000, credited: 0, coinsToday: 240, balance: 240 });
    expect((await syncSteps(server, carol, 40_000)).body).toMatchObject({ steps: 40_000, coinsToday: 600, credited: 360, balance: 600 });
  });

  it.skipIf(!available)("uses the user's weight from the next sync on", async () => {
    const dave = await signIn(server, 'dave');
    const profile = await call(server, 'PATCH', '/api/v1/me/profile', { token: dave.token, body: { weightKg: 90, nickname: '大卫' } });
    expect(profile.status).toBe(200);
    expect(profile.body.user).toMatchObject({ nickname: '大卫', weightKg: 90 });
    expect((await syncSteps(server, dave, 10_000)).body).toMatchObject({ calories: 450, credited: 450 });
  });

  it.skipIf(!available)("keeps today's calories as the last sync answered them after a change of weight, the coins paid standing", async () => {
    const gil = await signIn(server, 'gil');
    const weigh = (weightKg: number) => call(server, 'PATCH', '/api/v1/me/profile', { token: gil.token, body: { weightKg } });
    const today = async () => (await call(server, 'GET', '/api/v1/me', { token: gil.token })).body.today;
    await weigh(100);
    expect((await syncSteps(server, gil, 5_000)).body).toMatchObject({ calories: 250, credited: 250 });
    await weigh(60);
    expect((await syncSteps(server, gil, 5_000)).body).toMatchObject({ calories: 150, credited: 0, coinsToday: 250, balance: 250 });
    expect(await today()).toMatchObject({ steps: 5_000, calories: 150, coins: 250 });
  });

  it.skipIf(!available)("syncs yesterday's steps as their own day", async () => {
    const erin = await signIn(server, 'erin');
    const yesterday = await syncSteps(server, erin, 10_000, server.clock.yesterday);
    expect(yesterday.body).toMatchObject({ date: server.clock.yesterday, credited: 300, balance: 300 });
    const today = await syncSteps(server, erin, 2_000);
    expect(today.body).toMatchObject({ date: server.clock.today, credited: 60, coinsToday: 60, balance: 360 });
  });

  it.skipIf(!available)('lists wallet history newest first, one page at a time', async () => {
    const fay = await signIn(server, 'fay');
    for (const count of [1_000, 2_000, 3_000, 4_000, 5_000]) await syncSteps(server, fay, count);
    const first = await call(server, 'GET', '/api/v1/wallet/transactions?limit=2', { token: fay.token });
    expect(first.status).toBe(200);
    expect(first.body.items.map((item: { amount: number }) => item.amount)).toEqual([30, 30]);
    expect(first.body.items[0]).toMatchObject({ kind: 'step_reward', balanceAfter: 150, memo: `${server.clock.today} 5000 步` });
    const pages = [first.body.items];
    let cursor = first.body.nextCursor;
    while (cursor) {
      const page = await call(server, 'GET', `/api/v1/wallet/transactions?limit=2&cursor=${cursor}`, { token: fay.token });
      pages.push(page.body.items);
      cursor = page.body.nextCursor;
    }
    expect(pages.map((page) => page.length)).toEqual([2, 2, 1]);
    expect(pages.flat().map((item: { balanceAfter: number }) => item.balanceAfter)).toEqual([150, 120, 90, 60, 30]);
  });

  it.skipIf(!available)('ranks by steps, ties going to who reached the count first', async () => {
    const [gus, hal, ivy] = [await signIn(server, 'gus'), await signIn(server, 'hal'), await signIn(server, 'ivy')];
    const date = server.clock.yesterday;
    await syncSteps(server, hal, 77_000, date);
    server.clock.advance(1000);
    await syncSteps(server, gus, 77_000, date);
    server.clock.advance(1000);
    await syncSteps(server, ivy, 78_000, date);
    const board = await call(server, 'GET', `/api/v1/leaderboards/daily?date=${date}&limit=3`, { token: gus.token });
    expect(board.status).toBe(200);
    expect(board.body.entries).toEqual([
      { rank: 1, userId: ivy.id, nickname: expect.any(String), steps: 78_000, likes: 0, likedByMe: false },
      { rank: 2, userId: hal.id, nickname: expect.any(String), steps: 77_000, likes: 0, likedByMe: false },
      { rank: 3, userId: gus.id, nickname: expect.any(String), steps: 77_000, likes: 0, likedByMe: false },
    ]);
    expect(board.body.me).toEqual({ rank: 3, steps: 77_000, likes: 0 });
    expect(board.body.source).toBe(backend === 'mysql+redis' ? 'cache' : 'database');
  });

  it.skipIf(!available)('records a frozen user\'s sync but credits nothing', async () => {
    const frozen = await signIn(server, 'frozen-walker');
    await server.context.db.query('UPDATE users SET frozen = ? WHERE id = ?', [true, frozen.id]);
    const answer = await syncSteps(server, frozen, 12_000);
    expect(answer.status).toBe(403);
    expect(answer.body.error.code).toBe('USER_FROZEN');
    expect((await call(server, 'GET', '/api/v1/me', { token: frozen.token })).body).toMatchObject({ wallet: { balance: 0 }, today: { steps: 0 } });
    const [attempt] = await server.context.db.query('SELECT outcome, reason, steps FROM step_sync_attempts WHERE user_id = ?', [frozen.id]);
    expect(attempt).toMatchObject({ outcome: 'rejected', reason: 'USER_FROZEN', steps: 12_000 });
  });

  it.skipIf(!available)('keeps the ledger balanced', async () => {
    const state = await ledgerState(server.context.db);
    expect(state).toMatchObject(HEALTHY);
    expect(state.transactions).toBeGreaterThan(5);
  });
});
