import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startSettlementScheduler } from '@calorie-bank/bff';
import { startTestServer, type TestServer } from '../support/harness.js';
import { availableServices, REDIS_URL } from '../support/services.js';

const { mysql, redis } = await availableServices();

describe.skipIf(!mysql || !redis)('the day-end settlement scheduled by several processes', () => {
  let server: TestServer;
  let connection: Redis;

  beforeAll(async () => {
    server = await startTestServer('mysql+redis');
    connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  });
  afterAll(async () => {
    connection?.disconnect();
    await server?.stop();
  });

  it('keeps one schedule and one pending run per day, however many processes start it', async () => {
    // Each call is what one BFF process does at start: its own connection, queue and worker.
    const schedulers = [1, 2, 3].map(() => startSettlementScheduler(server.context, server.config.redis));
    const queue = new Queue('settlement', { connection, prefix: `${server.keyPrefix}{settlement}` });
    try {
      let scheduled = 0;
      for (let attempt = 0; attempt < 50 && scheduled === 0; attempt += 1) {
        scheduled = (await queue.getJobSchedulers()).length;
        if (scheduled === 0) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Let the three upserts all land before counting.
      await new Promise((resolve) => setTimeout(resolve, 500));
      const jobSchedulers = await queue.getJobSchedulers();
      expect(jobSchedulers.map((scheduler) => scheduler.key)).toEqual(['day-end']);
      expect(jobSchedulers[0].pattern).toBe('5 0 * * *');
      expect(await queue.getDelayedCount()).toBe(1);
    } finally {
      await queue.close();
      await Promise.all(schedulers.map((scheduler) => scheduler.close()));
    }
  });
});
