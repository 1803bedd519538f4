import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type TestUser } from '../support/client.js';
import { createCommunity } from '../support/campaigns.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { member, writePost } from '../support/posts.js';
import { REDIS_URL, storageBackends } from '../support/services.js';

const backends = await storageBackends();
const WRITES = { ...WITH_OPERATOR, RATE_LIMIT_POSTS_PER_MINUTE: '1000', RATE_LIMIT_COMMENTS_PER_MINUTE: '1000' };

interface FeedPost {
  id: string;
  author: { name: string };
  likes: number;
  comments: number;
  likedByMe: boolean;
  canDelete: boolean;
}

/**
 * The first page of a community's `new` feed is one shared page per version (bff/src/feed): every
 * change must show on the very next read of a page already read, on every BFF process, and counts
 * must be the database's without any raise of the version. On MariaDB two
 * BFF processes share the database and Redis; the change is made through one and read through both.
 */
describe.each(backends)('the shared first page of a community feed on %s', (backend, available) => {
  let server: TestServer;
  let second: TestServer | null = null;
  let readers: TestServer[];
  let operator: string;
  let hikers: string;
  let author: TestUser;
  let fan: TestUser;
  let quiet: TestUser;

  const send = (method: string, user: TestUser | string, path: string, body?: unknown) =>
    call(server, method, `/api/v1${path}`, { token: typeof user === 'string' ? user : user.token, body });
  const firstPage = async (through: TestServer, user: TestUser, sort = 'new'): Promise<FeedPost[]> => {
    const answer = await call(through, 'GET', `/api/v1/communities/${hikers}/posts?sort=${sort}&limit=20`, { token: user.token });
    expect(answer.status).toBe(200);
    return answer.body.items as FeedPost[];
  };
  const shown = async (through: TestServer, user: TestUser, id: string, sort = 'new') => (await firstPage(through, user, sort)).find((item) => item.id === id);
  /** Reads every page once through every process, so each holds the page before the change. */
  const warm = async () => {
    for (const through of readers) for (const user of [fan, quiet]) for (const sort of ['new', 'hot']) await firstPage(through, user, sort);
  };
  const feedVersion = async () => {
    const [row]: { feed_version: number | string }[] = await server.context.db.query('SELECT feed_version FROM communities WHERE id = ?', [hikers]);
    return String(row.feed_version);
  };
  const hide = async (postId: string) => {
    await send('POST', quiet, `/posts/${postId}/report`, { reason: 'spam' });
    const queue = await send('GET', operator, '/ops/moderation?limit=100');
    const found = queue.body.items.find((entry: { targetType: string; targetId: string }) => entry.targetType === 'post' && entry.targetId === postId);
    return found.id as string;
  };

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WRITES);
    if (backend === 'mysql+redis') {
      const database = server.config.database as { url: string };
      second = await startTestServer(backend, { ...WRITES, DATABASE_URL: database.url, REDIS_KEY_PREFIX: server.keyPrefix });
    }
    readers = second ? [server, second] : [server];
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    hikers = await createCommunity(server, operator, '山野徒步群', 'hiking');
    [author, fan, quiet] = await Promise.all(['cache-author', 'cache-fan', 'cache-quiet'].map((name) => member(server, name, hikers)));
    await writePost(server, author, hikers, { text: '第一帖' });
  });
  afterAll(async () => {
    await second?.stop();
    await server?.stop();
  });

  it.skipIf(!available)('shows a new post at once, and likes, unlikes and comments on the next read without moving the feed version', async () => {
    await warm();
    const { id } = (await writePost(server, author, hikers, { text: '新帖子' })).body.post;
    for (const through of readers) expect((await firstPage(through, fan))[0]).toMatchObject({ id, likes: 0, comments: 0, likedByMe: false });
    await warm();
    const before = await feedVersion();
    expect((await send('POST', fan, `/posts/${id}/like`)).status).toBe(200);
    for (const through of readers) {
      expect(await shown(through, fan, id)).toMatchObject({ likes: 1, likedByMe: true, canDelete: false });
      expect(await shown(through, quiet, id)).toMatchObject({ likes: 1, likedByMe: false });
      expect(await shown(through, author, id)).toMatchObject({ likes: 1, likedByMe: false, canDelete: true });
      expect((await firstPage(through, quiet, 'hot'))[0]).toMatchObject({ id, likes: 1 });
    }
    expect((await send('POST', fan, `/posts/${id}/comments`, { text: '好看' })).status).toBe(201);
    for (const through of readers) expect(await shown(through, quiet, id)).toMatchObject({ comments: 1 });
    expect((await send('DELETE', fan, `/posts/${id}/like`)).status).toBe(200);
    for (const through of readers) expect(await shown(through, fan, id)).toMatchObject({ likes: 0, likedByMe: false, comments: 1 });
    expect(await feedVersion()).toBe(before);
  });

  it.skipIf(!available)('puts a post that a like lifts at the head of the hot feed on the next read', async () => {
    const older = (await writePost(server, author, hikers, { text: '后来居上' })).body.post.id as string;
    await writePost(server, author, hikers, { text: '更新的帖子' });
    await warm();
    for (const through of readers) expect((await firstPage(through, quiet, 'hot'))[0].id).not.toBe(older);
    for (const user of [fan, quiet, author]) expect((await send('POST', user, `/posts/${older}/like`)).status).toBe(200);
    for (const through of readers) expect((await firstPage(through, quiet, 'hot'))[0]).toMatchObject({ id: older, likes: 3 });
  });

  it.skipIf(!available)('drops a deleted or hidden post from every first page at once, and shows a restored one again', async () => {
    const deleted = (await writePost(server, author, hikers, { text: '要删的帖子' })).body.post.id as string;
    const hidden = (await writePost(server, author, hikers, { text: '要隐藏的帖子' })).body.post.id as string;
    await send('POST', fan, `/posts/${hidden}/like`);
    await warm();
    for (const through of readers) for (const sort of ['new', 'hot']) expect(await shown(through, fan, hidden, sort)).toBeDefined();
    expect((await send('DELETE', author, `/posts/${deleted}`)).status).toBe(200);
    const caseId = await hide(hidden);
    expect((await send('POST', operator, `/ops/moderation/${caseId}/hide`, { reason: '广告' })).status).toBe(200);
    for (const through of readers) {
      for (const sort of ['new', 'hot']) {
        const ids = (await firstPage(through, quiet, sort)).map((item) => item.id);
        expect(ids).not.toContain(deleted);
        expect(ids).not.toContain(hidden);
      }
    }
    expect((await send('POST', operator, `/ops/moderation/${caseId}/restore`, { reason: '误判' })).status).toBe(200);
    for (const through of readers) expect(await shown(through, fan, hidden, 'hot')).toMatchObject({ likes: 1, likedByMe: true });
  });

  it.skipIf(!available)("shows an author's new name on their posts at once, and a moderator's right to delete", async () => {
    await warm();
    expect((await call(server, 'PATCH', '/api/v1/me/profile', { token: author.token, body: { nickname: '改名的作者' } })).status).toBe(200);
    for (const through of readers) {
      const page = await firstPage(through, quiet);
      expect(page.length).toBeGreaterThan(0);
      for (const item of page) expect(item.author.name).toBe('改名的作者');
    }
    expect((await send('POST', operator, `/ops/communities/${hikers}/moderators`, { userId: quiet.id })).status).toBe(200);
    for (const through of readers) for (const item of await firstPage(through, quiet)) expect(item.canDelete).toBe(true);
    await send('DELETE', operator, `/ops/communities/${hikers}/moderators/${quiet.id}`);
    for (const through of readers) for (const item of await firstPage(through, quiet)) expect(item.canDelete).toBe(false);
  });

  it.skipIf(!available)('takes the right to delete from a moderator who leaves the community, on the first page and later ones', async () => {
    await writePost(server, author, hikers, { text: '还有一帖' });
    const leaver = await member(server, 'cache-leaver', hikers);
    expect((await send('POST', operator, `/ops/communities/${hikers}/moderators`, { userId: leaver.id })).status).toBe(200);
    const later = async (through: TestServer) => {
      const paged = await call(through, 'GET', `/api/v1/communities/${hikers}/posts?sort=new&limit=1`, { token: leaver.token });
      const next = await call(through, 'GET', `/api/v1/communities/${hikers}/posts?sort=new&limit=1&cursor=${paged.body.nextCursor}`, { token: leaver.token });
      expect(next.status).toBe(200);
      return next.body.items as FeedPost[];
    };
    for (const through of readers) {
      for (const item of await firstPage(through, leaver)) expect(item.canDelete).toBe(true);
      expect((await later(through))[0].canDelete).toBe(true);
    }
    expect((await send('POST', leaver, `/communities/${hikers}/leave`)).status).toBe(200);
    for (const through of readers) {
      const page = await firstPage(through, leaver);
      expect(page.length).toBeGreaterThan(1);
      for (const item of page) expect(item.canDelete).toBe(false);
      expect((await later(through))[0].canDelete).toBe(false);
    }
  });

  it.skipIf(!available)('never answers with a page kept at a version the feed had before a restore', async () => {
    await warm();
    const restored = await feedVersion();
    const { id: lost } = (await writePost(server, author, hikers, { text: '备份之后的帖' })).body.post;
    for (const through of readers) expect((await firstPage(through, fan))[0].id).toBe(lost);
    // The database comes back from a backup taken before that post: its row and version are gone.
    await server.context.db.query('DELETE FROM posts WHERE id = ?', [lost]);
    await server.context.db.query('UPDATE communities SET feed_version = ? WHERE id = ?', [restored, hikers]);
    const { id } = (await writePost(server, author, hikers, { text: '恢复之后的帖' })).body.post;
    for (const through of readers) {
      const page = await firstPage(through, fan);
      expect(page[0].id).toBe(id);
      expect(page.map((item) => item.id)).not.toContain(lost);
    }
  });

  it.skipIf(!available)('answers the same page as the database read of later pages, and NOT_FOUND for an unknown community', async () => {
    const cached = await firstPage(server, fan);
    const paged = await call(server, 'GET', `/api/v1/communities/${hikers}/posts?sort=new&limit=1`, { token: fan.token });
    const next = await call(server, 'GET', `/api/v1/communities/${hikers}/posts?sort=new&limit=1&cursor=${paged.body.nextCursor}`, { token: fan.token });
    expect(next.body.items[0]).toEqual(cached[1]);
    expect((await call(server, 'GET', '/api/v1/communities/999999/posts', { token: fan.token })).status).toBe(404);
  });

  // Only a backend with Redis has a shared store; SQLite runs without one and has no such test.
  if (backend === 'mysql+redis') it.skipIf(!available)('stores a page in Redis once, for every process to share', async () => {
    await writePost(server, author, hikers, { text: '共享的页' });
    await firstPage(server, fan);
    const redis = new Redis(REDIS_URL);
    try {
      const keys = await redis.keys(`${server.keyPrefix}feed-page:${hikers}:20:*`);
      expect(keys.length).toBeGreaterThan(0);
    } finally {
      redis.disconnect();
    }
    const [first] = await firstPage(second!, quiet);
    expect(first.id).toBe((await firstPage(server, quiet))[0].id);
  });
});
