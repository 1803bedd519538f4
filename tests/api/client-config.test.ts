import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CLIENT_CONFIG } from '@calorie-bank/shared';
import { startTestServer, type TestServer } from '../support/harness.js';
import { apiAs, call } from '../support/client.js';

describe('the client configuration', () => {
  let defaults: TestServer;
  let berlin: TestServer;
  beforeAll(async () => {
    [defaults, berlin] = await Promise.all([
      startTestServer('sqlite'),
      startTestServer('sqlite', { BUSINESS_TZ: 'Europe/Berlin', DAILY_COIN_CAP: '300', WORKOUT_DAILY_COIN_CAP: '200', DEFAULT_WEIGHT_KG: '70', PLATFORM: 'wechat' }),
    ]);
  });
  afterAll(async () => Promise.all([defaults?.stop(), berlin?.stop()]));

  it("tells anyone, signed in or not, the deployment's business time zone, coin rules and platform", async () => {
    expect(await apiAs(defaults).clientConfig()).toEqual({ ...DEFAULT_CLIENT_CONFIG, sandbox: true });
    expect(await apiAs(berlin).clientConfig()).toEqual({
      businessTimeZone: 'Europe/Berlin',
      coinRules: { defaultWeightKg: 70, dailyCoinCap: 300, implausibleStepsAbove: 100_000 },
      workoutRules: { dailyCoinCap: 200 },
      platform: 'wechat',
      sandbox: true,
    });
  });

  it('is described in the API document', async () => {
    const docs = await call(defaults, 'GET', '/api/docs');
    const schema = docs.body.paths['/config/client'].get.responses['200'].content['application/json'].schema;
    expect(schema.$defs.ClientConfig.required).toEqual(expect.arrayContaining(['businessTimeZone', 'coinRules', 'workoutRules', 'platform']));
    expect(docs.body.paths['/config/client'].get.security).toBeUndefined();
  });
});
