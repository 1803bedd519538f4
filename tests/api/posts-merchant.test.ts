import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call } from '../support/client.js';
import { png, uploadFile } from '../support/images.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';
import { createCommunity } from '../support/campaigns.js';
import { member } from '../support/posts.js';

const backends = await storageBackends();

describe.each(backends)("a merchant's own posts on %s", (backend, available) => {
  let server: TestServer;
  let operator: string;
  let hikers: string;
  let runners: string;

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_POSTS_PER_MINUTE: '1000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    hikers = await createCommunity(server, operator, '商家徒步群', 'hiking');
    runners = await createCommunity(server, operator, '商家晨跑群', 'running');
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('lists its posts newest first a page at a time, with hidden ones, without deleted ones or other merchants\'', async () => {
    const merchant = await createMerchant(server, operator, 'Summit Tea');
    const rival = await createMerchant(server, operator, 'Valley Tea');
    const offerId = await liveOffer(server, merchant.token, operator);
    const uploaded = await uploadFile(`${server.url}/api/v1/merchant/uploads`, merchant.token, png(48), 'tea.png', 'image/png');
    expect(uploaded.status).toBe(201);
    const write = (token: string, communityId: string, body: Record<string, unknown>) => call(server, 'POST', `/api/v1/merchant/communities/${communityId}/posts`, { token, body });
    const first = (await write(merchant.token, hikers, { text: '登山茶饮', offerId, images: [uploaded.body.image.url] })).body.post;
    expect(first).toMatchObject({ card: { kind: 'offer', id: offerId }, images: [expect.stringMatching(/^\/media\//)] });
    const second = (await write(merchant.token, runners, { text: '晨跑补给' })).body.post;
    const third = (await write(merchant.token, hikers, { text: '要删掉的' })).body.post;
    await write(rival.token, hikers, { text: '别家的' });
    expect((await call(server, 'DELETE', `/api/v1/merchant/posts/${third.id}`, { token: merchant.token })).status).toBe(200);

    // An operator hides the second after a report: the merchant still sees it, marked hidden.
    const reporter = await member(server, 'merchant-post-reporter', runners);
    await call(server, 'POST', `/api/v1/posts/${second.id}/report`, { token: reporter.token, body: { reason: 'spam' } });
    const queue = await call(server, 'GET', '/api/v1/ops/moderation?limit=100', { token: operator });
    const item = queue.body.items.find((entry: { targetType: string; targetId: string }) => entry.targetType === 'post' && entry.targetId === second.id);
    await call(server, 'POST', `/api/v1/ops/moderation/${item.id}/hide`, { token: operator, body: { reason: '广告太多' } });

    const page = await call(server, 'GET', '/api/v1/merchant/posts?limit=1', { token: merchant.token });
    expect(page.body.items).toEqual([expect.objectContaining({ id: second.id, status: 'hidden', communityName: '商家晨跑群', canDelete: true })]);
    const next = await call(server, 'GET', `/api/v1/merchant/posts?limit=1&cursor=${page.body.nextCursor}`, { token: merchant.token });
    expect(next.body.items).toEqual([expect.objectContaining({ id: first.id, status: 'visible', author: expect.objectContaining({ kind: 'merchant', name: 'Summit Tea' }) })]);
    expect(next.body.nextCursor).toBeNull();
    expect((await call(server, 'GET', '/api/v1/merchant/posts', { token: rival.token })).body.items.map((post: { text: string }) => post.text)).toEqual(['别家的']);
    expect((await call(server, 'GET', '/api/v1/merchant/posts?cursor=not-ours', { token: merchant.token })).status).toBe(400);
    const communities = await call(server, 'GET', '/api/v1/merchant/communities', { token: merchant.token });
    expect(communities.body.items.map((community: { name: string }) => community.name)).toEqual(expect.arrayContaining(['商家徒步群', '商家晨跑群']));
  });
});
