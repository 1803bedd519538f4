import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger, startServer, type RunningServer } from '@calorie-bank/bff';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn } from '../support/client.js';
import { availableServices } from '../support/services.js';

const { mysql } = await availableServices();

describe('WeChat deployment', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { PLATFORM: 'wechat' });
  });
  afterAll(async () => server?.stop());

  /** A user's recorded sync attempts, oldest first, as [date, outcome]. */
  async function attempts(userId: string): Promise<[string, string][]> {
    const rows: { date: string; outcome: string }[] = await server.context.db.query('SELECT date, outcome FROM step_sync_attempts WHERE user_id = ? ORDER BY id', [userId]);
    return rows.map((row) => [row.date, row.outcome]);
  }

  async function weRun(user: string, days: Record<string, number>, appId?: string) {
    return (await server.sandbox!.weRunData(user, days, { appId }))!;
  }

  it('logs in through jscode2session and credits the WeRun day a body names', async () => {
    const user = await signIn(server, 'wei');
    const body = await weRun('wei', { [server.clock.yesterday]: 3_000, [server.clock.today]: 10_000 });
    const synced = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: { ...body, countDate: server.clock.today } });
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ date: server.clock.today, steps: 10_000, credited: 300, balance: 300 });
    const yesterday = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: { ...body, countDate: server.clock.yesterday } });
    expect(yesterday.body).toMatchObject({ date: server.clock.yesterday, steps: 3_000, credited: 90, balance: 390 });
  });

  it("credits yesterday and today from a body of the contract's two fields, and answers about today", async () => {
    const user = await signIn(server, 'wen');
    const body = await weRun('wen', { [server.clock.yesterday]: 3_000, [server.clock.today]: 10_000 });
    const synced = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body });
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ date: server.clock.today, steps: 10_000, coinsToday: 300, credited: 390, balance: 390 });
    const again = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body });
    expect(again.body).toMatchObject({ date: server.clock.today, credited: 0, balance: 390 });
    const board = await call(server, 'GET', `/api/v1/leaderboards/daily?date=${server.clock.yesterday}`, { token: user.token });
    expect(board.body.me).toMatchObject({ steps: 3_000 });
    // Yesterday, once credited, is not credited again by later syncs of the same data.
    expect(await attempts(user.id)).toEqual([
      [server.clock.today, 'accepted'],
      [server.clock.yesterday, 'accepted'],
      [server.clock.today, 'accepted'],
    ]);

    // A yesterday past the limit is left alone, and not put before operators as a refusal the
    // client never asked for; today is still credited.
    const bold = await signIn(server, 'bold');
    const implausible = await weRun('bold', { [server.clock.yesterday]: 150_000, [server.clock.today]: 5_000 });
    const partly = await call(server, 'POST', '/api/v1/steps/sync', { token: bold.token, body: implausible });
    expect(partly.body).toMatchObject({ date: server.clock.today, steps: 5_000, credited: 150, balance: 150 });
    await call(server, 'POST', '/api/v1/steps/sync', { token: bold.token, body: implausible });
    expect(await attempts(bold.id)).toEqual([
      [server.clock.today, 'accepted'],
      [server.clock.today, 'accepted'],
    ]);
    // WeRun data without yesterday's entry credits today alone.
    const newcomer = await signIn(server, 'newcomer');
    const fresh = await call(server, 'POST', '/api/v1/steps/sync', { token: newcomer.token, body: await weRun('newcomer', { [server.clock.today]: 1_000 }) });
    expect(fresh.body).toMatchObject({ steps: 1_000, credited: 30 });
    expect(await attempts(newcomer.id)).toEqual([[server.clock.today, 'accepted']]);
    // A day the data gives no steps is left off the board.
    const quiet = await signIn(server, 'quiet');
    const none = await call(server, 'POST', '/api/v1/steps/sync', { token: quiet.token, body: await weRun('quiet', { [server.clock.yesterday]: 0, [server.clock.today]: 2_000 }) });
    expect(none.body).toMatchObject({ steps: 2_000, credited: 60 });
    const quietBoard = await call(server, 'GET', `/api/v1/leaderboards/daily?date=${server.clock.yesterday}`, { token: quiet.token });
    expect(quietBoard.body.me).toBeNull();
  });

  it('refuses data issued to another app, data for another session, and the Alipay body', async () => {
    const user = await signIn(server, 'li');
    const foreign = await call(server, 'POST', '/api/v1/steps/sync', {
      token: user.token,
      body: await weRun('li', { [server.clock.today]: 5_000 }, 'wx-someone-else'),
    });
    expect(foreign.body.error.code).toBe('PLATFORM_SIGNATURE_INVALID');
    const stale = await weRun('li', { [server.clock.today]: 5_000 });
    await signIn(server, 'li'); // a new login gives a new session key
    const old = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: stale });
    expect(old.body.error.code).toBe('PLATFORM_PAYLOAD_INVALID');
    const alipay = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: { countDate: server.clock.today, response: '{}' } });
    expect(alipay.body.error.code).toBe('VALIDATION_FAILED');
    const me = await call(server, 'GET', '/api/v1/me', { token: user.token });
    expect(me.body.wallet.balance).toBe(0);
  });

  it('rejects an Alipay login body and a bad code', async () => {
    expect((await call(server, 'POST', '/api/v1/auth/login', { body: { authCode: 'x' } })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await call(server, 'POST', '/api/v1/auth/login', { body: { code: 'bad' } })).body.error.code).toBe('AUTH_INVALID');
  });
});

describe.skipIf(!mysql)('WeChat behind a load balancer: two BFF processes on one database', () => {
  let first: TestServer;
  let second: RunningServer;
  beforeAll(async () => {
    first = await startTestServer('mysql', { PLATFORM: 'wechat' });
    second = await startServer(first.config, { logger: createLogger('silent'), now: first.clock.now });
  });
  afterAll(async () => {
    await second?.close();
    await first?.stop();
  });

  const sandboxCall = (through: { url: string }, path: string, body: Record<string, unknown>) => call(through as TestServer, 'POST', `/sandbox/wechat/${path}`, { body });

  it('signs in with a code one process issued through the other, and syncs WeRun data the other encrypted', async () => {
    const code = (await sandboxCall(first, 'login-code', { user: 'roaming' })).body.code as string;
    const login = await call(second as TestServer, 'POST', '/api/v1/auth/login', { body: { code } });
    expect(login.status).toBe(200);
    // The code is spent, whichever process is asked next.
    expect((await call(first, 'POST', '/api/v1/auth/login', { body: { code } })).body.error.code).toBe('AUTH_INVALID');

    const data = await sandboxCall(first, 'werun-data', { user: 'roaming', days: { [first.clock.today]: 8_000 } });
    expect(data.status).toBe(200);
    const synced = await call(second as TestServer, 'POST', '/api/v1/steps/sync', { token: login.body.token, body: data.body });
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ date: first.clock.today, steps: 8_000 });

    // A new sign-in through the first process makes the second encrypt with the new session key.
    const again = await call(first, 'POST', '/api/v1/auth/login', { body: { code: (await sandboxCall(second, 'login-code', { user: 'roaming' })).body.code } });
    expect(again.status).toBe(200);
    const fresh = await sandboxCall(second, 'werun-data', { user: 'roaming', days: { [first.clock.today]: 9_000 } });
    expect((await call(first, 'POST', '/api/v1/steps/sync', { token: again.body.token, body: fresh.body })).body).toMatchObject({ steps: 9_000 });
  });
});
