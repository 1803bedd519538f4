import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_POST_TEXT } from '@calorie-bank/shared';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';
import { createCommunity } from '../support/campaigns.js';
import { feedIds, member, postImage, writePost } from '../support/posts.js';

const backends = await storageBackends();

describe.each(backends)('community posts on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let hikers: string;
  let runners: string;
  let author: TestUser;
  let fan: TestUser;

  const get = (user: TestUser | string, path: string) => call(server, 'GET', `/api/v1${path}`, { token: typeof user === 'string' ? user : user.token });
  const post = (user: TestUser | string, path: string, body?: unknown) =>
    call(server, 'POST', `/api/v1${path}`, { token: typeof user === 'string' ? user : user.token, body });
  const remove = (user: TestUser | string, path: string) => call(server, 'DELETE', `/api/v1${path}`, { token: typeof user === 'string' ? user : user.token });

  beforeAll(async () => {
    if (!available) return;
    // Generous write budgets here; the limits have a test of their own below.
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_POSTS_PER_MINUTE: '1000', RATE_LIMIT_COMMENTS_PER_MINUTE: '1000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    hikers = await createCommunity(server, operator, '周末徒步群', 'hiking');
    runners = await createCommunity(server, operator, '晨跑群', 'running');
    author = await member(server, 'post-author', hikers);
    fan = await member(server, 'post-fan', hikers);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('posts text with uploaded images and shows it first in the feed', async () => {
    const images = [await postImage(server, author), await postImage(server, author, [200, 80, 40])];
    const created = await writePost(server, author, hikers, { text: '  香山看日出 🌄  ', images });
    expect(created.status).toBe(201);
    expect(created.body.post).toMatchObject({
      communityId: hikers,
      communityName: '周末徒步群',
      author: { kind: 'user', id: author.id },
      text: '香山看日出 🌄',
      images,
      likes: 0,
      comments: 0,
      status: 'visible',
      canDelete: true,
    });
    const feed = await get(fan, `/communities/${hikers}/posts`);
    expect(feed.body.items[0]).toMatchObject({ id: created.body.post.id, canDelete: false, likedByMe: false });
    expect((await fetch(`${server.url}${images[0]}`)).status).toBe(200);
  });

  it.skipIf(!available)('refuses long text, too many or foreign images, strangers, offers from users and unknown communities', async () => {
    const writer = await member(server, 'picky-writer', hikers);
    const long = await writePost(server, writer, hikers, { text: '走'.repeat(MAX_POST_TEXT + 1) });
    expect(long.status).toBe(400);
    expect(long.body.error.details).toEqual([expect.objectContaining({ path: 'text' })]);
    expect((await writePost(server, writer, hikers, { text: '表情'.repeat(1) + '😀'.repeat(MAX_POST_TEXT - 2) })).status).toBe(201);
    const url = await postImage(server, writer);
    const many = await writePost(server, writer, hikers, { text: '十张图', images: Array.from({ length: 10 }, () => url) });
    expect(many.body.error.details).toEqual([expect.objectContaining({ path: 'images' })]);
    const foreign = await writePost(server, writer, hikers, { text: '没上传的图', images: [`/media/${'a'.repeat(64)}.png`] });
    expect(foreign.body.error.details).toEqual([expect.objectContaining({ path: 'images.0' })]);
    const offer = await writePost(server, writer, hikers, { text: '带券', card: { kind: 'offer', id: '1' } });
    expect(offer.body.error.details).toEqual([expect.objectContaining({ path: 'card.kind' })]);
    const stranger = await signIn(server, 'stranger');
    expect((await writePost(server, stranger, hikers, { text: '路过' })).body.error.code).toBe('NOT_A_MEMBER');
    expect((await writePost(server, writer, '999999', { text: '你好' })).status).toBe(404);
  });

  it.skipIf(!available)('pages a community feed newest first, ranks hot by likes, and feeds every joined community', async () => {
    const club = await createCommunity(server, operator, '骑行群', 'cycling');
    const other = await createCommunity(server, operator, '羽毛球群', 'badminton');
    const rider = await member(server, 'rider', club);
    await call(server, 'POST', `/api/v1/communities/${other}/join`, { token: rider.token });
    const ids: string[] = [];
    for (const text of ['一', '二', '三', '四']) ids.push((await writePost(server, rider, club, { text })).body.post.id);
    const elsewhere = (await writePost(server, rider, other, { text: '羽毛球' })).body.post.id;
    expect(await feedIds(server, rider, `/api/v1/communities/${club}/posts`)).toEqual([...ids].reverse());

    const likers = await Promise.all([0, 1].map((index) => member(server, `club-liker-${index}`, club)));
    for (const liker of likers) await post(liker, `/posts/${ids[1]}/like`);
    await post(likers[0], `/posts/${ids[2]}/like`);
    expect(await feedIds(server, rider, `/api/v1/communities/${club}/posts`, 'hot')).toEqual([ids[1], ids[2], ids[3], ids[0]]);
    const hot = await get(rider, `/communities/${club}/posts?sort=hot&limit=1`);
    expect(hot.body.items[0]).toMatchObject({ id: ids[1], likes: 2 });

    // A week later the old posts are no longer hot.
    server.clock.advance(8 * 86_400_000);
    try {
      const later = await signIn(server, 'later-reader');
      expect((await get(later, `/communities/${club}/posts?sort=hot`)).body.items).toEqual([]);
      expect((await get(later, `/communities/${club}/posts`)).body.items).toHaveLength(4);
    } finally {
      server.clock.advance(-8 * 86_400_000);
    }

    const joined = await feedIds(server, rider, '/api/v1/posts');
    expect(joined.slice(0, 5)).toEqual([elsewhere, ...[...ids].reverse()]);
    expect(await feedIds(server, likers[0], '/api/v1/posts')).not.toContain(elsewhere);
    expect((await get(rider, '/posts?cursor=not-ours')).status).toBe(400);
  });

  it.skipIf(!available)('counts one like per member and comments with one level of replies', async () => {
    const { id } = (await writePost(server, author, hikers, { text: '周日登山' })).body.post;
    expect((await post(fan, `/posts/${id}/like`)).body.like).toEqual({ postId: id, likes: 1, likedByMe: true });
    expect((await post(fan, `/posts/${id}/like`)).body.like.likes).toBe(1);
    expect((await remove(fan, `/posts/${id}/like`)).body.like).toEqual({ postId: id, likes: 0, likedByMe: false });
    expect((await remove(fan, `/posts/${id}/like`)).body.like.likes).toBe(0);
    expect((await post(await signIn(server, 'outsider'), `/posts/${id}/like`)).body.error.code).toBe('NOT_A_MEMBER');

    const first = await post(fan, `/posts/${id}/comments`, { text: '我也去！' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ comments: 1, comment: { parentId: null, author: { id: fan.id }, canDelete: true } });
    const reply = await post(author, `/posts/${id}/comments`, { text: '好呀', replyTo: first.body.comment.id });
    expect(reply.body).toMatchObject({ comments: 2, comment: { parentId: first.body.comment.id } });
    const deeper = await post(fan, `/posts/${id}/comments`, { text: '套娃', replyTo: reply.body.comment.id });
    expect(deeper.body.error.details).toEqual([expect.objectContaining({ path: 'replyTo' })]);
    await post(author, `/posts/${id}/comments`, { text: '第二条' });
    const listed = await get(fan, `/posts/${id}/comments?limit=1`);
    expect(listed.body).toMatchObject({ total: 3, items: [{ text: '我也去！', replyCount: 1, replies: [{ text: '好呀', canDelete: false }] }] });
    expect((await get(fan, `/posts/${id}/comments?cursor=${listed.body.nextCursor}`)).body.items.map((c: { text: string }) => c.text)).toEqual(['第二条']);

    // Deleting a comment takes its replies out of the count.
    expect((await remove(fan, `/comments/${first.body.comment.id}`)).status).toBe(200);
    expect((await get(fan, `/posts/${id}`)).body.post.comments).toBe(1);
    // Its reply left with it: nobody can report or delete it any more.
    const stranger = await member(server, 'reply-stranger', hikers);
    expect((await post(stranger, `/comments/${reply.body.comment.id}/report`, { reason: 'spam' })).body.error.code).toBe('NOT_FOUND');
    expect((await remove(stranger, `/comments/${reply.body.comment.id}`)).body.error.code).toBe('NOT_FOUND');
    expect((await remove(author, `/comments/${reply.body.comment.id}`)).body.error.code).toBe('NOT_FOUND');
  });

  it.skipIf(!available)('lets the author, a moderator, the merchant and an operator delete, and no one else', async () => {
    const bystander = await member(server, 'bystander', hikers);
    const moderator = await member(server, 'moderator', hikers);
    const a = (await writePost(server, author, hikers, { text: '删除测试 A' })).body.post.id;
    const b = (await writePost(server, author, hikers, { text: '删除测试 B' })).body.post.id;
    const c = (await writePost(server, author, hikers, { text: '删除测试 C' })).body.post.id;
    expect((await remove(bystander, `/posts/${a}`)).body.error.code).toBe('FORBIDDEN');
    expect((await remove(author, `/posts/${a}`)).body).toEqual({ id: a, status: 'deleted' });
    expect((await remove(author, `/posts/${a}`)).status).toBe(404);

    expect((await remove(moderator, `/posts/${b}`)).status).toBe(403);
    const granted = await post(operator, `/ops/communities/${hikers}/moderators`, { userId: moderator.id });
    expect(granted.body.items).toEqual([expect.objectContaining({ id: moderator.id })]);
    expect((await post(operator, `/ops/communities/${hikers}/moderators`, { userId: (await signIn(server, 'not-member')).id })).body.error.code).toBe('NOT_A_MEMBER');
    expect((await get(moderator, `/communities/${hikers}/posts?limit=1`)).body.items[0]).toMatchObject({ id: c, canDelete: true });
    expect((await remove(moderator, `/posts/${b}`)).status).toBe(200);
    // A moderator who leaves the community no longer moderates it.
    expect((await post(moderator, `/communities/${hikers}/leave`)).status).toBe(200);
    expect((await remove(moderator, `/posts/${c}`)).body.error.code).toBe('FORBIDDEN');
    expect((await remove(operator, `/ops/communities/${hikers}/moderators/${moderator.id}`)).body.items).toEqual([]);

    expect((await remove(operator, `/ops/posts/${c}`)).status).toBe(200);
    const audit = await get(operator, '/ops/audit?action=post.delete');
    expect(audit.body.items[0]).toMatchObject({ targetId: c, after: { status: 'deleted' } });
    const remaining = await feedIds(server, author, `/api/v1/communities/${hikers}/posts`, 'new', 50);
    for (const id of [a, b, c]) expect(remaining).not.toContain(id);

    const merchant = await createMerchant(server, operator, 'Trail Coffee');
    const offerId = await liveOffer(server, merchant.token, operator);
    const promo = await post(merchant.token, `/merchant/communities/${hikers}/posts`, { text: '徒步咖啡券', offerId });
    expect(promo.status).toBe(201);
    expect(promo.body.post).toMatchObject({ author: { kind: 'merchant', name: 'Trail Coffee' }, card: { kind: 'offer', id: offerId, priceCoins: 100 } });
    const rival = await createMerchant(server, operator, 'Rival');
    expect((await remove(rival.token, `/merchant/posts/${promo.body.post.id}`)).status).toBe(404);
    expect((await post(rival.token, `/merchant/communities/${hikers}/posts`, { text: '借用', offerId })).status).toBe(404);
    expect((await remove(merchant.token, `/merchant/posts/${promo.body.post.id}`)).status).toBe(200);
  });

  it.skipIf(!available)('refuses blocked words in any disguise, holds review words for an operator, and picks up list edits at once', async () => {
    const writer = await member(server, 'word-writer', hikers);
    const clean = await writePost(server, writer, hikers, { text: '一起赌 博' });
    expect(clean.status).toBe(201);
    const added = await post(operator, '/ops/sensitive-words', { words: ['赌博', '代开 发票'], action: 'block' });
    expect(added.status).toBe(201);
    expect(added.body.added).toBe(2);
    await post(operator, '/ops/sensitive-words', { words: ['加微信'], action: 'review' });
    await post(operator, '/ops/sensitive-words', { words: ['反赌博'], action: 'allow' });
    const listed = await get(operator, '/ops/sensitive-words');
    expect(listed.body.items.map((w: { word: string }) => w.word)).toEqual(['赌博', '代开发票', '加微信', '反赌博']);
    expect(listed.body.version).toBe(added.body.version + 2);

    const refused = await writePost(server, writer, hikers, { text: '一起赌　博吧' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'CONTENT_REJECTED', details: [{ path: 'text' }] });
    expect((await writePost(server, writer, hikers, { text: '社区反赌博宣传' })).status).toBe(201);
    const { id } = clean.body.post;
    expect((await post(writer, `/posts/${id}/comments`, { text: '代．开．发．票' })).body.error.details).toEqual([expect.objectContaining({ path: 'text' })]);

    const held = await writePost(server, writer, hikers, { text: '加 微 信 拼车' });
    expect(held.body.post.status).toBe('held');
    expect(await feedIds(server, fan, `/api/v1/communities/${hikers}/posts`, 'new', 50)).not.toContain(held.body.post.id);
    const queue = await get(operator, '/ops/moderation');
    const item = queue.body.items.find((entry: { targetId: string }) => entry.targetId === held.body.post.id);
    expect(item).toMatchObject({ targetType: 'post', matchedWords: ['加微信'], targetStatus: 'held', status: 'open' });
    expect((await post(operator, `/ops/moderation/${item.id}/restore`, { reason: '拼车正常' })).body.case).toMatchObject({ status: 'closed', targetStatus: 'visible' });
    expect(await feedIds(server, fan, `/api/v1/communities/${hikers}/posts`, 'new', 50)).toContain(held.body.post.id);

    const unmatchable = await post(operator, '/ops/sensitive-words', { words: ['赌博', '😀', '!!!'], action: 'block' });
    expect(unmatchable.status).toBe(400);
    expect(unmatchable.body.error.details.map((issue: { path: string }) => issue.path)).toEqual(['words.1', 'words.2']);
    expect((await get(operator, '/ops/sensitive-words')).body.version).toBe(listed.body.version);

    const word = listed.body.items[0];
    await remove(operator, `/ops/sensitive-words/${word.id}`);
    expect((await writePost(server, writer, hikers, { text: '赌博' })).status).toBe(201);
  });

  it.skipIf(!available)('takes a word in traditional or simplified characters as one word, which refuses text in either', async () => {
    const writer = await member(server, 'traditional-writer', hikers);
    const ours = async () =>
      ((await get(operator, '/ops/sensitive-words?limit=100')).body.items as { id: string; word: string; action: string }[]).filter((item) => ['办证', '辦證'].includes(item.word));
    const added = await post(operator, '/ops/sensitive-words', { words: ['辦證', '办证'], action: 'block' });
    expect(added.body.added).toBe(1);
    const [word] = await ours();
    expect(await ours()).toEqual([{ id: word.id, word: '办证', action: 'block', createdAt: expect.any(String) }]);
    for (const text of ['代办证件', '專業辦證', '辦 证，加急']) {
      expect((await writePost(server, writer, hikers, { text })).body.error).toMatchObject({ code: 'CONTENT_REJECTED', details: [{ path: 'text' }] });
    }

    // Given again in the other form, it is the word already listed, which takes the new action in its place.
    expect((await post(operator, '/ops/sensitive-words', { words: ['辦證'], action: 'review' })).body.added).toBe(1);
    expect(await ours()).toEqual([{ ...word, action: 'review' }]);
    expect((await writePost(server, writer, hikers, { text: '代办证件' })).body.post.status).toBe('held');
    await remove(operator, `/ops/sensitive-words/${word.id}`);
  });

  it.skipIf(!available)('hides a reported post from every feed and a hidden comment from every count, with the audit log', async () => {
    const reporter = await member(server, 'reporter', hikers);
    await call(server, 'POST', `/api/v1/communities/${runners}/join`, { token: fan.token });
    const { id } = (await writePost(server, author, hikers, { text: '可疑的帖子' })).body.post;
    await post(fan, `/posts/${id}/like`);
    const comment = (await post(fan, `/posts/${id}/comments`, { text: '可疑的评论' })).body.comment;
    await post(author, `/posts/${id}/comments`, { text: '正常评论' });

    expect((await post(reporter, `/comments/${comment.id}/report`, { reason: 'abuse' })).body).toEqual({ reported: true });
    expect((await post(reporter, `/posts/${id}/report`, { reason: 'spam', note: '广告' })).body).toEqual({ reported: true });
    expect((await post(reporter, `/posts/${id}/report`, { reason: 'spam' })).status).toBe(200);
    // Nobody reports their own words: they can delete them.
    expect((await post(author, `/posts/${id}/report`, { reason: 'spam' })).body.error.code).toBe('FORBIDDEN');
    expect((await post(fan, `/comments/${comment.id}/report`, { reason: 'spam' })).body.error.code).toBe('FORBIDDEN');
    const queue = await get(operator, '/ops/moderation?limit=100');
    const postCase = queue.body.items.find((entry: { targetType: string; targetId: string }) => entry.targetType === 'post' && entry.targetId === id);
    const commentCase = queue.body.items.find((entry: { targetType: string; targetId: string }) => entry.targetType === 'comment' && entry.targetId === comment.id);
    expect(postCase).toMatchObject({ reports: 1, reasons: ['spam'], author: { id: author.id }, text: '可疑的帖子' });

    await post(operator, `/ops/moderation/${commentCase.id}/hide`, { reason: '辱骂' });
    expect((await get(fan, `/posts/${id}`)).body.post.comments).toBe(1);
    expect((await get(fan, `/posts/${id}/comments`)).body.items.map((c: { text: string }) => c.text)).toEqual(['正常评论']);

    const hidden = await post(operator, `/ops/moderation/${postCase.id}/hide`, { reason: '广告' });
    expect(hidden.body.case).toMatchObject({ status: 'closed', lastAction: 'hide', targetStatus: 'hidden' });
    expect(await feedIds(server, fan, `/api/v1/communities/${hikers}/posts`, 'new', 50)).not.toContain(id);
    expect(await feedIds(server, fan, `/api/v1/communities/${hikers}/posts`, 'hot', 50)).not.toContain(id);
    expect(await feedIds(server, fan, '/api/v1/posts', 'new', 50)).not.toContain(id);
    expect(await feedIds(server, fan, '/api/v1/posts', 'hot', 50)).not.toContain(id);
    expect((await get(fan, `/posts/${id}`)).status).toBe(404);
    expect((await post(fan, `/posts/${id}/like`)).status).toBe(404);
    expect((await post(fan, `/posts/${id}/comments`, { text: '还在吗' })).status).toBe(404);
    const audit = await get(operator, '/ops/audit?action=moderation.hide');
    expect(audit.body.items[0]).toMatchObject({ targetType: 'post', targetId: id, reason: '广告', before: { status: 'visible' }, after: { status: 'hidden' } });
    expect((await get(operator, '/ops/moderation?status=closed')).body.items.map((c: { id: string }) => c.id)).toContain(postCase.id);
  });

  it.skipIf(!available)('warns and freezes an author, who then cannot post, comment or like', async () => {
    const troll = await member(server, 'troll', hikers);
    const reporter = await member(server, 'troll-reporter', hikers);
    const { id } = (await writePost(server, troll, hikers, { text: '捣乱' })).body.post;
    await post(reporter, `/posts/${id}/report`, { reason: 'abuse' });
    const item = (await get(operator, '/ops/moderation?limit=100')).body.items.find((entry: { targetId: string; targetType: string }) => entry.targetType === 'post' && entry.targetId === id);
    const warned = await post(operator, `/ops/moderation/${item.id}/warn`, { reason: '第一次警告' });
    expect(warned.body.case).toMatchObject({ authorWarnings: 1, status: 'open', lastAction: 'warn' });
    const frozen = await post(operator, `/ops/moderation/${item.id}/freeze`, { reason: '屡教不改' });
    expect(frozen.body.case).toMatchObject({ authorFrozen: true, targetStatus: 'hidden', status: 'closed' });
    expect((await writePost(server, troll, hikers, { text: '我又来了' })).body.error.code).toBe('USER_FROZEN');
    const target = (await writePost(server, author, hikers, { text: '正常帖' })).body.post.id;
    expect((await post(troll, `/posts/${target}/comments`, { text: '捣乱' })).body.error.code).toBe('USER_FROZEN');
    expect((await post(troll, `/posts/${target}/like`)).body.error.code).toBe('USER_FROZEN');
    expect((await get(operator, '/ops/audit?action=moderation.freeze')).body.items[0]).toMatchObject({ after: { frozen: true } });
  });
});
