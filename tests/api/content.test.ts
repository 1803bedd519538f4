import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMBERSHIP_PRICE_COINS } from '@calorie-bank/shared';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, staffToken } from '../support/merchants.js';
import { buyMembership, publish, uploadOpsImage } from '../support/content.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';

const backends = await storageBackends();
const DAY_MS = 24 * 3600_000;

describe.each(backends)('content channel and fan membership on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;
  let cover: string;
  const get = (user: TestUser, path: string) => call(server, 'GET', `/api/v1${path}`, { token: user.token });

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    cover = await uploadOpsImage(server, operator);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('sanitizes an article on the server and refuses a video that is not https', async () => {
    const article = await publish(server, operator, {
      title: '跑步入门',
      kind: 'article',
      coverUrl: cover,
      body: '<p onclick="steal()">先慢跑 <strong>20 分钟</strong></p><script>alert(1)</script><a href="javascript:alert(1)">x</a><img src="http://evil/x.png"><iframe src="https://x"></iframe>',
    });
    expect(article.status).toBe(201);
    expect(article.body.item.body).toBe('<p>先慢跑 <strong>20 分钟</strong></p><a rel="noopener noreferrer" target="_blank">x</a>');
    expect(article.body.item.excerpt).toBe('先慢跑 20 分钟x');

    const insecure = await publish(server, operator, { title: '集锦', kind: 'video', videoUrl: 'http://video.example.com/a.mp4' });
    expect(insecure.status).toBe(400);
    expect(insecure.body.error.details).toEqual([expect.objectContaining({ path: 'videoUrl' })]);
    const onlyScript = await publish(server, operator, { title: '空', kind: 'article', body: '<script>x()</script>' });
    expect(onlyScript.body.error.details).toEqual([expect.objectContaining({ path: 'body' })]);
    const foreignCover = await publish(server, operator, { title: '封面', kind: 'article', body: 'x', coverUrl: `/media/${'0'.repeat(64)}.png` });
    expect(foreignCover.body.error.details).toEqual([expect.objectContaining({ path: 'coverUrl' })]);
  });

  it.skipIf(!available)('lists sections by tag with keyset paging, hides scheduled and ended items, and counts a view once a day', async () => {
    const now = server.clock.at.getTime();
    const ids: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      const item = await publish(server, operator, { title: `游泳课 ${index}`, kind: 'video', videoUrl: `https://video.example.com/${index}.mp4`, tags: ['swimming'], visibleFrom: new Date(now - (10 - index) * 60_000).toISOString() });
      ids.push(item.body.item.id);
    }
    const later = await publish(server, operator, { title: '明天上线', kind: 'article', body: '明天', tags: ['swimming'], visibleFrom: new Date(now + DAY_MS).toISOString() });
    await publish(server, operator, { title: '已下线', kind: 'article', body: '旧', tags: ['swimming'], visibleFrom: new Date(now - DAY_MS).toISOString(), visibleUntil: new Date(now - 1000).toISOString() });
    const viewer = await signIn(server, 'viewer');

    const channel = await get(viewer, '/content/channel');
    const swimming = channel.body.sections.find((section: { tag: string }) => section.tag === 'swimming');
    expect(swimming.items.map((item: { id: string }) => item.id)).toEqual(ids.slice().reverse().slice(0, 4));
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { items: { id: string }[]; nextCursor: string | null } } = await get(viewer, `/content?tag=swimming&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.body.items.map((item) => item.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(ids.slice().reverse());
    expect((await get(viewer, `/content/${later.body.item.id}`)).status).toBe(404);

    const first = await get(viewer, `/content/${ids[0]}`);
    expect(first.body.item).toMatchObject({ views: 1, videoUrl: 'https://video.example.com/0.mp4', locked: false, likedByMe: false });
    expect((await get(viewer, `/content/${ids[0]}`)).body.item.views).toBe(1);
    server.clock.advance(DAY_MS);
    expect((await get(viewer, `/content/${ids[0]}`)).body.item.views).toBe(2);
    server.clock.advance(-DAY_MS);
  });

  it.skipIf(!available)("takes an item down by the server's clock: a live one ends now, a scheduled one never shows, an ended one stays as it was", async () => {
    const now = server.clock.at.getTime();
    const viewer = await signIn(server, 'taken-down');
    const live = (await publish(server, operator, { title: '下线直播', kind: 'article', body: '正文', tags: ['yoga'], visibleFrom: new Date(now - 60_000).toISOString() })).body.item;
    const scheduled = (await publish(server, operator, { title: '下线预告', kind: 'article', body: '正文', tags: ['yoga'], visibleFrom: new Date(now + DAY_MS).toISOString() })).body.item;
    const takeDown = (id: string, token = operator) => call(server, 'POST', `/api/v1/ops/content/${id}/take-down`, { token });
    expect((await get(viewer, `/content/${live.id}`)).status).toBe(200);

    const ended = await takeDown(live.id);
    expect(ended.status).toBe(200);
    expect(ended.body.item).toMatchObject({ id: live.id, visibleFrom: live.visibleFrom, visibleUntil: new Date(now).toISOString() });
    expect((await get(viewer, `/content/${live.id}`)).status).toBe(404);
    const withdrawn = await takeDown(scheduled.id);
    expect(withdrawn.body.item).toMatchObject({ visibleFrom: new Date(now - 1).toISOString(), visibleUntil: new Date(now).toISOString() });
    server.clock.advance(2 * DAY_MS);
    try {
      expect((await get(viewer, `/content/${scheduled.id}`)).status).toBe(404);
      const listed = await get(viewer, '/content?tag=yoga&limit=50');
      expect(listed.body.items.map((item: { id: string }) => item.id)).not.toContain(scheduled.id);
      // Taking it down again changes nothing and records nothing.
      const again = await takeDown(scheduled.id);
      expect(again.body.item).toEqual(withdrawn.body.item);
    } finally {
      server.clock.advance(-2 * DAY_MS);
    }
    const audit = await call(server, 'GET', '/api/v1/ops/audit?action=content.take_down&limit=10', { token: operator });
    expect(audit.body.items.filter((entry: { targetId: string }) => entry.targetId === scheduled.id)).toHaveLength(1);
    expect(audit.body.items.find((entry: { targetId: string }) => entry.targetId === scheduled.id)).toMatchObject({
      before: { visibleFrom: scheduled.visibleFrom, visibleUntil: null },
    });

    expect((await takeDown('999999')).status).toBe(404);
    expect((await call(server, 'POST', `/api/v1/ops/content/${live.id}/take-down`, { token: viewer.token })).status).toBe(403);
    const merchant = await createMerchant(server, operator, '下线商家');
    expect((await takeDown(live.id, merchant.token)).status).toBe(403);
  });

  it.skipIf(!available)('keeps one like per user and an exact count', async () => {
    const item = await publish(server, operator, { title: 'NBA 集锦', kind: 'video', videoUrl: 'https://video.example.com/nba.mp4', tags: ['nba'] });
    const id = item.body.item.id;
    const fans = await Promise.all([0, 1, 2].map((index) => signIn(server, `liker-${index}`)));
    for (const fan of fans) {
      expect((await call(server, 'POST', `/api/v1/content/${id}/likes`, { token: fan.token })).body.like).toMatchObject({ likedByMe: true });
      await call(server, 'POST', `/api/v1/content/${id}/likes`, { token: fan.token });
    }
    expect((await get(fans[0], `/content/${id}`)).body.item).toMatchObject({ likes: 3, likedByMe: true });
    const undone = await call(server, 'DELETE', `/api/v1/content/${id}/likes`, { token: fans[0].token });
    expect(undone.body.like).toEqual({ itemId: id, likes: 2, likedByMe: false });
    expect((await call(server, 'DELETE', `/api/v1/content/${id}/likes`, { token: fans[0].token })).body.like.likes).toBe(2);
    expect((await call(server, 'POST', '/api/v1/content/999999/likes', { token: fans[0].token })).status).toBe(404);
  });

  it.skipIf(!available)('locks members-only items for non-members; a membership bought with coins unlocks them, renews from its end and shows on the board', async () => {
    const secret = await publish(server, operator, { title: '会员专享训练课', kind: 'article', body: '<p>专享内容：深蹲三组每组十二次</p>', tags: ['fitness'], membersOnly: true });
    const id = secret.body.item.id;
    const fan = await signIn(server, 'member-fan');
    const locked = await get(fan, `/content/${id}`);
    // A non-member gets a teaser of the text, never the whole of a short article.
    expect(locked.body.item).toMatchObject({ locked: true, membersOnly: true, body: null, videoUrl: null, excerpt: '专享内容…' });
    expect((await get(fan, '/content?tag=fitness')).body.items[0]).toMatchObject({ id, locked: true, excerpt: '专享内容…' });
    const channel = await get(fan, '/content/channel');
    const card = channel.body.sections.flatMap((section: { items: { id: string }[] }) => section.items).find((item: { id: string }) => item.id === id);
    expect(card).toMatchObject({ locked: true, excerpt: '专享内容…' });

    expect((await buyMembership(server, fan)).body.error.code).toBe('INSUFFICIENT_COINS');
    await syncSteps(server, fan, 10_000); // 300 coins
    await syncSteps(server, fan, 10_000, server.clock.yesterday); // 300 more
    const key = 'membership-key-1';
    const bought = await buyMembership(server, fan, key);
    expect(bought.status).toBe(201);
    const firstEnd = server.clock.at.getTime() + 30 * DAY_MS;
    expect(bought.body).toEqual({ membership: { active: true, endsAt: new Date(firstEnd).toISOString(), priceCoins: MEMBERSHIP_PRICE_COINS, days: 30 }, balance: 600 - MEMBERSHIP_PRICE_COINS });
    expect((await buyMembership(server, fan, key)).body).toEqual(bought.body);
    expect((await get(fan, '/membership')).body.membership.endsAt).toBe(new Date(firstEnd).toISOString());

    const renewed = await buyMembership(server, fan);
    expect(renewed.body.membership.endsAt).toBe(new Date(firstEnd + 30 * DAY_MS).toISOString());
    expect(renewed.body.balance).toBe(600 - 2 * MEMBERSHIP_PRICE_COINS);
    expect((await get(fan, `/content/${id}`)).body.item).toMatchObject({ locked: false, body: '<p>专享内容：深蹲三组每组十二次</p>', excerpt: '专享内容：深蹲三组每组十二次' });

    const board = await get(fan, '/leaderboards/daily?limit=100');
    expect(board.body.entries.find((entry: { userId: string }) => entry.userId === fan.id)).toMatchObject({ member: true });
    const history = await get(fan, '/wallet/transactions?limit=2');
    expect(history.body.items.map((item: { kind: string; amount: number }) => [item.kind, item.amount])).toEqual([
      ['membership', -MEMBERSHIP_PRICE_COINS],
      ['membership', -MEMBERSHIP_PRICE_COINS],
    ]);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);

    server.clock.advance(61 * DAY_MS);
    const later = await signIn(server, 'member-fan');
    expect((await get(later, '/membership')).body.membership.active).toBe(false);
    expect((await get(later, '/content?tag=fitness')).body.items[0]).toMatchObject({ id, locked: true });
    server.clock.advance(-61 * DAY_MS);
  });
});
