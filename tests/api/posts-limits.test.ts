import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCommunity } from '../support/campaigns.js';
import { member, writePost } from '../support/posts.js';

const backends = await storageBackends();

describe.each(backends)('limits on writing posts on %s', (backend, available) => {
  let server: TestServer;
  let hikers: string;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_POSTS_PER_MINUTE: '3', RATE_LIMIT_COMMENTS_PER_MINUTE: '4' });
    hikers = await createCommunity(server, await staffToken(server, OPERATOR.username, OPERATOR.password), '限流群');
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('limits posting and commenting per user and says how long to wait', async () => {
    const eager = await member(server, 'eager-poster', hikers);
    const answers = [];
    for (let index = 0; index <= 3; index += 1) answers.push(await writePost(server, eager, hikers, { text: `第${index}条` }));
    expect(answers.slice(0, -1).map((answer) => answer.status)).toEqual([201, 201, 201]);
    const refused = answers.at(-1)!;
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    // Another member's budget is their own.
    const calm = await member(server, 'calm-poster', hikers);
    expect((await writePost(server, calm, hikers, { text: '我的第一条' })).status).toBe(201);

    const chatty = await member(server, 'chatty', hikers);
    const target = answers[0].body.post.id;
    const comments = [];
    for (let index = 0; index <= 4; index += 1) comments.push(await call(server, 'POST', `/api/v1/posts/${target}/comments`, { token: chatty.token, body: { text: `评论${index}` } }));
    expect(comments.slice(0, -1).map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(comments.at(-1)!.body.error.code).toBe('RATE_LIMITED');
    const read = await call(server, 'GET', `/api/v1/posts/${target}`, { token: chatty.token });
    expect(read.body.post.comments).toBe(4);
  });
});
