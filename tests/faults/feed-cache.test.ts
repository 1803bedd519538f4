import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestUser } from '../support/client.js';
import { createCommunity } from '../support/campaigns.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { member, writePost } from '../support/posts.js';
import { RedisProcess } from '../support/redis-process.js';
import { availableServices } from '../support/services.js';

const { mysql } = await availableServices();

/** The shared feed pages live in Redis as well as in each process: without Redis they are read from the database, exactly. */
describe.skipIf(!mysql)('community feeds when Redis fails', () => {
  let redis: RedisProcess;
  let server: TestServer;
  let operator: string;
  let hikers: string;
  let author: TestUser;
  let fan: TestUser;

  const firstPage = async (user: TestUser) => {
    const answer = await call(server, 'GET', `/api/v1/communities/${hikers}/posts?limit=20`, { token: user.token });
    expect(answer.status).toBe(200);
    return answer.body.items as { id: string; likes: number; likedByMe: boolean }[];
  };

  /** A new post, a like and a deletion each show on the next read. */
  async function followsEveryChange(text: string): Promise<void> {
    const { id } = (await writePost(server, author, hikers, { text })).body.post;
    expect((await firstPage(fan))[0]).toMatchObject({ id, likes: 0, likedByMe: false });
    expect((await call(server, 'POST', `/api/v1/posts/${id}/like`, { token: fan.token })).status).toBe(200);
    expect((await firstPage(fan))[0]).toMatchObject({ id, likes: 1, likedByMe: true });
    expect((await firstPage(author))[0]).toMatchObject({ id, likes: 1, likedByMe: false });
    expect((await call(server, 'DELETE', `/api/v1/posts/${id}`, { token: author.token })).status).toBe(200);
    expect((await firstPage(fan)).map((item) => item.id)).not.toContain(id);
  }

  beforeAll(async () => {
    redis = await RedisProcess.start();
    server = await startTestServer('mysql', { ...WITH_OPERATOR, REDIS_URL: redis.url, RATE_LIMIT_POSTS_PER_MINUTE: '1000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    hikers = await createCommunity(server, operator, '雨天徒步群', 'hiking');
    author = await member(server, 'redis-author', hikers);
    fan = await member(server, 'redis-fan', hikers);
    await followsEveryChange('Redis 在的时候');
  });
  afterAll(async () => {
    redis?.thaw();
    await server?.stop();
    await redis?.stop();
  });

  it('follows every change while Redis is paused, and after it comes back', async () => {
    redis.freeze();
    try {
      await followsEveryChange('Redis 暂停的时候');
    } finally {
      redis.thaw();
    }
    await followsEveryChange('Redis 回来以后');
  });

  it('follows every change while Redis is gone', async () => {
    await redis.stop();
    await followsEveryChange('Redis 停了的时候');
    await redis.launch();
  });
});
