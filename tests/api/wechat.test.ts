import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn } from '../support/client.js';

describe('WeChat deployment', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite', { PLATFORM: 'wechat' });
  });
  afterAll(async () => server?.stop());

  function weRun(user: string, days: Record<string, number>, appId?: string) {
    return server.sandbox!.weRunData(user, days, { appId })!;
  }

  it('logs in through jscode2session and credits WeRun steps for today', async () => {
    const user = await signIn(server, 'wei');
    const body = weRun('wei', { [server.clock.yesterday]: 3_000, [server.clock.today]: 10_000 });
    const synced = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body });
    expect(synced.status).toBe(200);
    expect(synced.body).toMatchObject({ date: server.clock.today, steps: 10_000, credited: 300, balance: 300 });
    const yesterday = await call(server, 'POST', '/api/v1/steps/sync', { token: user.token, body: { ...body, countDate: server.clock.yesterday } });
    expect(yesterday.body).toMatchObject({ date: server.clock.yesterday, steps: 3_000, credited: 90, balance: 390 });
  });

  it('refuses data issued to another app, data for another session, and the Alipay body', async () => {
    const user = await signIn(server, 'li');
    const foreign = await call(server, 'POST', '/api/v1/steps/sync', {
      token: user.token,
      body: weRun('li', { [server.clock.today]: 5_000 }, 'wx-someone-else'),
    });
    expect(foreign.body.error.code).toBe('PLATFORM_SIGNATURE_INVALID');
    const stale = weRun('li', { [server.clock.today]: 5_000 });
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
