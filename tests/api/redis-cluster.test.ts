import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps } from '../support/client.js';
import { RedisCluster } from '../support/redis-cluster.js';

const services = await availableServices();

describe.skipIf(!services.mysql)('leaderboards on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  let cluster: RedisCluster;
  let server: TestServer;
  beforeAll(async () => {
    cluster = await RedisCluster.start();
    server = await startTestServer('mysql', { REDIS_CLUSTER_NODES: cluster.nodes });
  });
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  it('reports the cluster ready', async () => {
    const ready = await call(server, 'GET', '/readyz');
    expect(ready.body).toMatchObject({ status: 'ok', cache: { ok: true, type: 'redis' } });
  });

  it('serves boards of several days from the cluster, ranks from its scripts', async () => {
    const users = [];
    for (const name of ['north', 'south', 'east', 'west']) users.push(await signIn(server, name));
    const dates = [server.clock.today, server.clock.yesterday];
    for (const [index, user] of users.entries()) {
      for (const date of dates) {
        expect((await syncSteps(server, user, 4_000 + index * 1_000, date)).status).toBe(200);
      }
    }
    for (const date of dates) {
      const board = await call(server, 'GET', `/api/v1/leaderboards/daily?date=${date}`, { token: users[0].token });
      expect(board.body.source).toBe('cache');
      expect(board.body.entries.map((entry: { steps: number }) => entry.steps)).toEqual([7_000, 6_000, 5_000, 4_000]);
      expect(board.body.me).toEqual({ rank: 4, steps: 4_000, likes: 0 });
    }
    const synced = await syncSteps(server, users[0], 9_000);
    expect(synced.body.rank).toBe(1);
  });
});
