import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSettlementScheduler } from '@calorie-bank/bff';
import { startTestServer, type TestServer } from '../support/harness.js';
import { freePort } from '../support/ports.js';

describe('the day-end settlement queue when Redis cannot be reached', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer('sqlite');
  });
  afterAll(async () => server?.stop());

  it('still closes, within its bound, so that a shutdown after a Redis outage ends', async () => {
    // Nothing listens on this port: bullmq's worker keeps its blocking client reconnecting, and its
    // own close() never returns (taskforcesh/bullmq#4656).
    const url = `redis://127.0.0.1:${await freePort()}`;
    const scheduler = startSettlementScheduler(server.context, { mode: 'single', url, keyPrefix: `cbtest:${process.pid}:close:` }, { closeWaitMs: 500 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const started = performance.now();
    await scheduler.close();
    expect(performance.now() - started).toBeLessThan(500 + 1_000 + 1_000);
  });
});
