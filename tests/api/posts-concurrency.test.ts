import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableServices } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCommunity } from '../support/campaigns.js';
import { feedIds, member, writePost } from '../support/posts.js';

const services = await availableServices();

describe.skipIf(!(services.mysql && services.redis))('post likes and comments under concurrency on MariaDB', () => {
  let server: TestServer;
  let hikers: string;
  const crowd: TestUser[] = [];

  const likeOf = (user: TestUser, postId: string, like: boolean) =>
    call(server, like ? 'POST' : 'DELETE', `/api/v1/posts/${postId}/like`, { token: user.token });
  const read = (user: TestUser, postId: string) => call(server, 'GET', `/api/v1/posts/${postId}`, { token: user.token });

  beforeAll(async () => {
    server = await startTestServer('mysql+redis', {
      ...WITH_OPERATOR,
      RATE_LIMIT_POSTS_PER_MINUTE: '1000',
      RATE_LIMIT_COMMENTS_PER_MINUTE: '1000',
      DATABASE_TIMEOUT_MS: '30000',
    });
    hikers = await createCommunity(server, await staffToken(server, OPERATOR.username, OPERATOR.password), '并发徒步群');
    for (let index = 0; index < 100; index += 1) crowd.push(await member(server, `crowd-${index}`, hikers));
  }, 120_000);
  afterAll(async () => server?.stop());

  it('ends at the exact like count after 200 concurrent likes, then 200 concurrent likes and unlikes', async () => {
    const { id } = (await writePost(server, crowd[0], hikers, { text: '热门帖子' })).body.post;
    // Everyone double-taps: 200 likes at once, one each.
    const liked = await Promise.all(crowd.flatMap((user) => [likeOf(user, id, true), likeOf(user, id, true)]));
    expect(liked.map((answer) => answer.status)).toEqual(Array(200).fill(200));
    expect((await read(crowd[0], id)).body.post.likes).toBe(100);

    // Each user likes and unlikes at once: whichever lands last decides, and the count must agree.
    const mixed = await Promise.all(crowd.flatMap((user, index) => (index % 2 === 0 ? [likeOf(user, id, false), likeOf(user, id, true)] : [likeOf(user, id, true), likeOf(user, id, false)])));
    expect(mixed.every((answer) => answer.status === 200)).toBe(true);
    const views = await Promise.all(crowd.map((user) => read(user, id)));
    const likedNow = views.filter((view) => view.body.post.likedByMe).length;
    expect(views[0].body.post.likes).toBe(likedNow);

    // Then half take theirs back at once.
    await Promise.all(crowd.map((user, index) => likeOf(user, id, index % 2 === 0)));
    expect((await read(crowd[0], id)).body.post.likes).toBe(50);
    expect((await feedIds(server, crowd[1], `/api/v1/communities/${hikers}/posts`, 'hot', 50))[0]).toBe(id);
  });

  it('counts 200 concurrent comments and replies exactly, and deletions racing them', async () => {
    const { id } = (await writePost(server, crowd[1], hikers, { text: '评论楼' })).body.post;
    const first = await call(server, 'POST', `/api/v1/posts/${id}/comments`, { token: crowd[2].token, body: { text: '沙发' } });
    const parent = first.body.comment.id;
    const written = await Promise.all(
      crowd.flatMap((user, index) => [
        call(server, 'POST', `/api/v1/posts/${id}/comments`, { token: user.token, body: { text: `评论 ${index}` } }),
        call(server, 'POST', `/api/v1/posts/${id}/comments`, { token: user.token, body: { text: `回复 ${index}`, replyTo: parent } }),
      ]),
    );
    expect(written.map((answer) => answer.status)).toEqual(Array(200).fill(201));
    expect((await read(crowd[0], id)).body.post.comments).toBe(201);

    // 50 authors delete their comment while 50 others write another.
    const racing = await Promise.all(
      crowd.map((user, index) =>
        index < 50
          ? call(server, 'DELETE', `/api/v1/comments/${written[index * 2].body.comment.id}`, { token: user.token })
          : call(server, 'POST', `/api/v1/posts/${id}/comments`, { token: user.token, body: { text: `再来 ${index}` } }),
      ),
    );
    expect(racing.every((answer) => answer.status < 300)).toBe(true);
    const stored = (await read(crowd[0], id)).body.post.comments;
    let listed = 0;
    let cursor: string | null = null;
    do {
      const page: { body: { items: { replyCount: number }[]; nextCursor: string | null } } = await call(
        server,
        'GET',
        `/api/v1/posts/${id}/comments?limit=50${cursor ? `&cursor=${cursor}` : ''}`,
        { token: crowd[0].token },
      );
      listed += page.body.items.reduce((sum, item) => sum + 1 + item.replyCount, 0);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(stored).toBe(201);
    expect(listed).toBe(stored);
  });
  it('lets one user rename themselves and post at once without a deadlock, and shows the last name on every post', async () => {
    const [writer] = crowd;
    const rename = (index: number) => call(server, 'PATCH', '/api/v1/me/profile', { token: writer.token, body: { nickname: `改名-${index}` } });
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? rename(index) : writePost(server, writer, hikers, { text: `边改名边发帖 ${index}` }))),
    );
    expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 40 }, (_, index) => (index % 2 === 0 ? 200 : 201)));
    expect((await rename(99)).status).toBe(200);
    const page = await call(server, 'GET', `/api/v1/communities/${hikers}/posts?sort=new&limit=20`, { token: crowd[1].token });
    const mine = (page.body.items as { author: { id: string; name: string } }[]).filter((item) => item.author.id === writer.id);
    expect(mine.length).toBeGreaterThan(0);
    for (const item of mine) expect(item.author.name).toBe('改名-99');
  });
});
