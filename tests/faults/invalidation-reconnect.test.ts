import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '@calorie-bank/bff';
import { connectRedis } from '../../bff/src/cache/redis.js';
import { CacheInvalidation } from '../../bff/src/cache/invalidation.js';
import { RedisProcess } from '../support/redis-process.js';
import { eventually } from '../support/eventually.js';

describe('cache invalidations across processes when Redis restarts', () => {
  let redis: RedisProcess;
  const logger = createLogger('silent');
  const processes: { invalidation: CacheInvalidation; dropped: string[]; cleared: number; close(): void }[] = [];

  beforeAll(async () => {
    redis = await RedisProcess.start();
    for (let index = 0; index < 2; index += 1) {
      const client = connectRedis({ mode: 'single', url: redis.url, keyPrefix: 'cbtest:reconnect:' })!;
      client.on('error', () => undefined);
      const invalidation = new CacheInvalidation(client, 'cbtest:reconnect:', logger);
      const state = {
        invalidation,
        dropped: [] as string[],
        cleared: 0,
        close: () => {
          invalidation.close();
          client.disconnect();
        },
      };
      invalidation.on('names', (key) => state.dropped.push(key), () => (state.cleared += 1));
      processes.push(state);
    }
  });
  afterAll(async () => {
    for (const state of processes) state.close();
    await redis?.stop();
  });

  it('subscribes again after Redis comes back, clears what it may have missed, and hears the next message', async () => {
    const [writer, reader] = processes;
    // Published until the reader's first subscription is in place.
    await eventually(() => {
      void writer.invalidation.publish('names', 'before');
      return reader.dropped.includes('before');
    }, 10_000, 50);

    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.launch();

    // The reader subscribed again by itself, and dropped everything it holds for what it might have missed.
    await eventually(() => reader.cleared > 0, 10_000, 50);
    await eventually(() => {
      void writer.invalidation.publish('names', 'after');
      return reader.dropped.includes('after');
    }, 10_000, 50);
    expect(reader.cleared).toBe(1);
  });
});
