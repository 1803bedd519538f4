import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCommunity } from '../support/campaigns.js';
import { member, writePost } from '../support/posts.js';

const backends = await storageBackends();

describe.each(backends)('community moderators and operators deleting comments on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let hikers: string;
  let runners: string;
  let author: TestUser;
  let reporter: TestUser;
  let moderator: TestUser;

  const as = (user: TestUser | string) => ({ token: typeof user === 'string' ? user : user.token });
  const get = (user: TestUser | string, path: string) => call(server, 'GET', `/api/v1${path}`, as(user));
  const post = (user: TestUser | string, path: string, body?: unknown) => call(server, 'POST', `/api/v1${path}`, { ...as(user), body });
  const remove = (user: TestUser | string, path: string) => call(server, 'DELETE', `/api/v1${path}`, as(user));

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_POSTS_PER_MINUTE: '1000', RATE_LIMIT_COMMENTS_PER_MINUTE: '1000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    hikers = await createCommunity(server, operator, '版主徒步群', 'hiking');
    runners = await createCommunity(server, operator, '版主晨跑群', 'running');
    author = await member(server, 'mod-author', hikers);
    reporter = await member(server, 'mod-reporter', hikers);
    moderator = await member(server, 'mod-moderator', hikers);
    expect((await post(operator, `/ops/communities/${hikers}/moderators`, { userId: moderator.id })).status).toBe(200);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('marks the moderator on the community and nobody else', async () => {
    expect((await get(moderator, `/communities/${hikers}`)).body.community).toMatchObject({ joined: true, moderator: true });
    expect((await get(author, `/communities/${hikers}`)).body.community).toMatchObject({ joined: true, moderator: false });
    const listed = await get(moderator, '/communities?joined=1');
    expect(listed.body.items).toEqual([expect.objectContaining({ id: hikers, moderator: true })]);
  });

  it.skipIf(!available)("lists the community's reported items still up to its moderators, a page at a time, and drops what they delete", async () => {
    const first = (await writePost(server, author, hikers, { text: '被举报的帖子' })).body.post.id;
    const comment = (await post(author, `/posts/${first}/comments`, { text: '被举报的评论' })).body.comment;
    await post(reporter, `/posts/${first}/comments`, { text: '回复', replyTo: comment.id });
    const second = (await writePost(server, author, hikers, { text: '第二条被举报的' })).body.post.id;
    await post(reporter, `/posts/${first}/report`, { reason: 'spam' });
    await post(reporter, `/comments/${comment.id}/report`, { reason: 'abuse' });
    await post(moderator, `/comments/${comment.id}/report`, { reason: 'other' });
    await post(reporter, `/posts/${second}/report`, { reason: 'porn' });
    // A report elsewhere is not this community's business.
    const runner = await member(server, 'mod-runner', runners);
    const elsewhere = (await writePost(server, runner, runners, { text: '别的群' })).body.post.id;
    expect((await post(await member(server, 'mod-runner-fan', runners), `/posts/${elsewhere}/report`, { reason: 'spam' })).status).toBe(200);

    const page = await get(moderator, `/communities/${hikers}/reports?limit=2`);
    expect(page.status).toBe(200);
    expect(page.body.items).toEqual([
      expect.objectContaining({ targetType: 'post', targetId: first, postId: first, text: '被举报的帖子', reports: 1, reasons: ['spam'], author: expect.objectContaining({ id: author.id }) }),
      expect.objectContaining({ targetType: 'comment', targetId: comment.id, postId: first, text: '被举报的评论', reports: 2 }),
    ]);
    expect(page.body.items[1].reasons.sort()).toEqual(['abuse', 'other']);
    expect(page.body.items[0]).not.toHaveProperty('authorWarnings');
    const next = await get(moderator, `/communities/${hikers}/reports?limit=2&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((item: { targetId: string }) => item.targetId)).toEqual([second]);
    expect(next.body.nextCursor).toBeNull();

    expect((await get(moderator, `/posts/${first}`)).body.post.comments).toBe(2);
    expect((await remove(moderator, `/comments/${comment.id}`)).body).toEqual({ id: comment.id, status: 'deleted' });
    expect((await get(moderator, `/posts/${first}`)).body.post.comments).toBe(0);
    expect((await remove(moderator, `/posts/${second}`)).status).toBe(200);
    const after = await get(moderator, `/communities/${hikers}/reports`);
    expect(after.body.items.map((item: { targetId: string }) => item.targetId)).toEqual([first]);
  });

  it.skipIf(!available)('refuses the list to members who do not moderate, to strangers and for unknown communities', async () => {
    expect((await get(author, `/communities/${hikers}/reports`)).body.error.code).toBe('FORBIDDEN');
    expect((await get(await signIn(server, 'mod-stranger'), `/communities/${hikers}/reports`)).body.error.code).toBe('NOT_A_MEMBER');
    expect((await get(moderator, `/communities/${runners}/reports`)).body.error.code).toBe('NOT_A_MEMBER');
    expect((await get(moderator, '/communities/999999/reports')).status).toBe(404);
    expect((await get(moderator, `/communities/${hikers}/reports?cursor=not-ours`)).status).toBe(400);
    // The role counts only while its holder belongs to the community.
    const leaver = await member(server, 'mod-leaver', hikers);
    await post(operator, `/ops/communities/${hikers}/moderators`, { userId: leaver.id });
    expect((await get(leaver, `/communities/${hikers}/reports`)).status).toBe(200);
    await post(leaver, `/communities/${hikers}/leave`);
    expect((await get(leaver, `/communities/${hikers}/reports`)).body.error.code).toBe('NOT_A_MEMBER');
    expect((await get(leaver, `/communities/${hikers}`)).body.community.moderator).toBe(false);
  });

  it.skipIf(!available)('lets an operator delete any comment with its replies, audited, and the count follows', async () => {
    const id = (await writePost(server, author, hikers, { text: '运营删评论' })).body.post.id;
    const top = (await post(reporter, `/posts/${id}/comments`, { text: '不当评论' })).body.comment;
    await post(author, `/posts/${id}/comments`, { text: '回复一', replyTo: top.id });
    await post(author, `/posts/${id}/comments`, { text: '回复二', replyTo: top.id });
    const kept = (await post(author, `/posts/${id}/comments`, { text: '正常评论' })).body;
    expect(kept.comments).toBe(4);

    const deleted = await remove(operator, `/ops/comments/${top.id}`);
    expect(deleted.body).toEqual({ id: top.id, status: 'deleted' });
    expect((await get(author, `/posts/${id}`)).body.post.comments).toBe(1);
    expect((await get(author, `/posts/${id}/comments`)).body.items.map((c: { text: string }) => c.text)).toEqual(['正常评论']);
    expect((await remove(operator, `/ops/comments/${top.id}`)).status).toBe(404);
    expect((await remove(operator, '/ops/comments/999999')).status).toBe(404);
    const audit = await get(operator, '/ops/audit?action=comment.delete');
    expect(audit.body.items[0]).toMatchObject({ targetType: 'comment', targetId: top.id, before: { status: 'visible' }, after: { status: 'deleted' } });

    // A reply alone goes without its siblings.
    const reply = (await post(author, `/posts/${id}/comments`, { text: '回复正常', replyTo: kept.comment.id })).body.comment;
    expect((await remove(operator, `/ops/comments/${reply.id}`)).status).toBe(200);
    expect((await get(author, `/posts/${id}`)).body.post.comments).toBe(1);
    expect((await remove(author, `/ops/comments/${kept.comment.id}`)).body.error.code).toBe('FORBIDDEN');
  });

  it.skipIf(!available)('shows a warned user their unseen warnings until they dismiss them, and says when they are frozen', async () => {
    const warned = await member(server, 'mod-warned', hikers);
    const caseOf = async (text: string) => {
      const id = (await writePost(server, warned, hikers, { text })).body.post.id;
      await post(reporter, `/posts/${id}/report`, { reason: 'abuse' });
      const queue = await get(operator, '/ops/moderation?limit=100');
      return queue.body.items.find((entry: { targetType: string; targetId: string }) => entry.targetType === 'post' && entry.targetId === id).id as string;
    };
    expect((await get(warned, '/me/warnings')).body).toEqual({ items: [], frozen: false });
    const first = await caseOf('第一次捣乱');
    await post(operator, `/ops/moderation/${first}/warn`, { reason: '请文明发言' });
    server.clock.advance(60_000);
    await post(operator, `/ops/moderation/${await caseOf('第二次捣乱')}/warn`, { reason: '不要发广告' });
    const listed = await get(warned, '/me/warnings');
    expect(listed.body.frozen).toBe(false);
    expect(listed.body.items.map((w: { reason: string }) => w.reason)).toEqual(['不要发广告', '请文明发言']);
    expect(Date.parse(listed.body.items[0].createdAt)).toBeGreaterThan(Date.parse(listed.body.items[1].createdAt));
    expect((await get(reporter, '/me/warnings')).body.items).toEqual([]);

    // Someone else's warning is not theirs to dismiss.
    expect((await post(reporter, '/me/warnings/seen', { ids: [listed.body.items[0].id] })).body).toEqual({ seen: 0 });
    expect((await post(warned, '/me/warnings/seen', { ids: [listed.body.items[0].id, listed.body.items[0].id] })).body).toEqual({ seen: 1 });
    expect((await post(warned, '/me/warnings/seen', { ids: [listed.body.items[0].id] })).body).toEqual({ seen: 0 });
    expect((await get(warned, '/me/warnings')).body.items.map((w: { reason: string }) => w.reason)).toEqual(['请文明发言']);
    expect((await post(warned, '/me/warnings/seen', { ids: [] })).status).toBe(400);

    await post(operator, `/ops/moderation/${first}/freeze`, { reason: '屡教不改' });
    expect((await get(warned, '/me/warnings')).body).toMatchObject({ frozen: true, items: [expect.objectContaining({ reason: '请文明发言' })] });
  });
});
