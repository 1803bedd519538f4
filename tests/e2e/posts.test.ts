import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { createCommunity } from '../support/campaigns.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { png } from '../support/images.js';
import { OPERATOR, WITH_OPERATOR, liveOffer, staffToken } from '../support/merchants.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';
import { call } from '../support/client.js';

const services = await availableServices();
const browserReady = chromiumAvailable();

/**
 * A hiking community's post from phone to moderation: a member posts a photo with text, another
 * likes and comments on it, a third reports it, the operator hides it in the console, and the
 * feeds no longer show it. Then the operator makes the third member a moderator, who deletes a
 * reported comment from the community's open reports, and the comment's author, warned by the
 * operator, reads the warning and dismisses it. Last, a merchant posts a live offer as a card from
 * its console, and members see it in the feed.
 */
describe.skipIf(!browserReady)('a community post in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  let alice: Page;
  let bob: Page;
  let carol: Page;
  let operator: Page;
  let hikers = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const TEXT = '周六香山徒步，山顶看到了云海！';
  const RUDE = '你们走得太慢了，真是一群废物';
  const PROMO = '徒步下山来一杯热茶，凭券立减';

  async function open(screen: 'phone' | 'desktop' = 'phone'): Promise<Page> {
    const { context, page } = await openPage(browser, server.clock.at, pageErrors, screen);
    contexts.push(context);
    return page;
  }

  /** Signs a fresh sandbox user in on Home, then opens the hikers' page and joins. */
  async function joinHikers(page: Page) {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    await page.goto(`${server.url}/#/packages/communities/pages/detail/index?id=${hikers}`);
    await expect.poll(() => page.locator('[data-testid=join]').count(), { timeout: 15_000 }).toBe(1);
    await page.locator('[data-testid=join]').click();
    await expect.poll(() => page.locator('[data-testid=composer]').count(), { timeout: 10_000 }).toBe(1);
  }

  async function userToken(page: Page): Promise<string> {
    return (JSON.parse((await page.evaluate("localStorage.getItem('cb.token')")) as string) as { data: string }).data;
  }

  const thePost = (page: Page) => page.locator('[data-testid=post]').filter({ hasText: TEXT });

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { ...WITH_OPERATOR, H5_DIST: h5 });
    hikers = await createCommunity(server, await staffToken(server, OPERATOR.username, OPERATOR.password), '周末徒步群', 'hiking');
    browser = await launchChromium();
    [alice, bob, carol] = [await open(), await open(), await open()];
    operator = await open('desktop');
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('lets a member post a photo with text to the hiking community', async () => {
    await joinHikers(alice);
    await expect.poll(() => alice.locator('[data-testid=state-empty]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await alice.locator('[data-testid=composer-text] textarea').fill(TEXT);
    expect(await alice.locator('[data-testid=composer-counter]').textContent()).toBe(`${[...TEXT].length}/1000`);
    const chooser = alice.waitForEvent('filechooser');
    await alice.locator('[data-testid=composer-add-image]').click();
    await (await chooser).setFiles({ name: 'summit.png', mimeType: 'image/png', buffer: png(64, [90, 140, 220]) });
    await expect.poll(() => alice.locator('[data-testid=composer-image]').count(), { timeout: 15_000 }).toBe(1);
    await alice.locator('[data-testid=composer-publish]').dblclick();
    await expect.poll(() => alice.locator('[data-testid=composer-notice]').textContent(), { timeout: 10_000 }).toBe('已发布');
    await expect.poll(() => thePost(alice).count(), { timeout: 10_000 }).toBe(1);
    // The double tap sent one post.
    expect(await alice.locator('[data-testid=post]').count()).toBe(1);
    const width = () => alice.evaluate("document.querySelector('[data-testid=post-image] img')?.naturalWidth ?? 0");
    await expect.poll(width, { timeout: 10_000 }).toBe(64);
  });

  it('lets another member like it and comment on it', async () => {
    await joinHikers(bob);
    await expect.poll(() => thePost(bob).count(), { timeout: 10_000 }).toBe(1);
    await thePost(bob).locator('[data-testid=like]').click();
    await expect.poll(() => thePost(bob).locator('[data-testid=like]').textContent(), { timeout: 10_000 }).toBe('已赞 1');
    await thePost(bob).locator('[data-testid=open-comments]').click();
    await expect.poll(() => bob.locator('[data-testid=post-detail]').count(), { timeout: 10_000 }).toBe(1);
    // Taro's H5 router keeps the pages below in the document, hidden: look inside this one.
    const detail = bob.locator('[data-testid=post-detail]');
    await expect.poll(() => detail.locator('[data-testid=state-empty]').textContent(), { timeout: 10_000 }).toBe('还没有评论');
    await detail.locator('[data-testid=comment-input] input').fill('太美了，下次带上我！');
    await detail.locator('[data-testid=comment-send]').click();
    await expect.poll(() => detail.locator('[data-testid=comment-text]').allTextContents(), { timeout: 10_000 }).toEqual(['太美了，下次带上我！']);
    expect(await detail.locator('[data-testid=open-comments]').textContent()).toBe('评论 1');
    expect(await detail.locator('[data-testid=like]').textContent()).toBe('已赞 1');
  });

  it('lets a third member report it', async () => {
    await joinHikers(carol);
    await expect.poll(() => thePost(carol).locator('[data-testid=like]').textContent(), { timeout: 10_000 }).toBe('赞 1');
    await thePost(carol).locator('[data-testid=report]').click();
    await thePost(carol).locator('[data-testid=report-spam]').click();
    await expect.poll(() => thePost(carol).locator('[data-testid=post-notice]').textContent(), { timeout: 10_000 }).toBe('已举报，运营会尽快处理');
  });

  it('lets the operator hide it in the console, after which no feed shows it', async () => {
    await operator.goto(`${server.url}/#/packages/ops/pages/console/index`);
    await staffSignIn(operator, OPERATOR.username, OPERATOR.password);
    await operator.locator('[data-testid=ops-tab-moderation]').click();
    const item = operator.locator('[data-testid=moderation-case]').filter({ hasText: TEXT });
    await expect.poll(() => item.count(), { timeout: 10_000 }).toBe(1);
    expect(await item.locator('.ops-card__meta').textContent()).toMatch(/^1 人举报（广告）/);
    await item.locator('[data-testid=case-hide]').click();
    await expect.poll(() => item.locator('[data-testid=case-notice]').textContent()).toBe('请填写处理理由');
    await item.locator('[data-testid=case-reason] input').fill('广告引流');
    await item.locator('[data-testid=case-hide]').click();
    // Handled, the case leaves the pending queue and the console says where it went.
    await expect.poll(() => operator.locator('[data-testid=queue-notice]').textContent(), { timeout: 10_000 }).toMatch(/^已隐藏：.+ 的帖子（已移到「已处理」）$/);
    expect(await item.count()).toBe(0);

    await alice.reload();
    await expect.poll(() => alice.locator('[data-testid=community-posts] [data-testid=state-empty]').textContent(), { timeout: 15_000 }).toBe('还没有动态，来发第一条吧');
    expect(await thePost(alice).count()).toBe(0);
    await bob.goto(`${server.url}/#/packages/communities/pages/list/index`);
    await expect.poll(() => bob.locator('[data-testid=joined-feed-link]').count(), { timeout: 15_000 }).toBe(1);
    await bob.locator('[data-testid=joined-feed-link]').click();
    const joined = bob.locator('[data-testid=joined-feed]');
    await expect.poll(() => joined.locator('[data-testid=state-empty]').textContent(), { timeout: 15_000 }).toBe('还没有动态：加入的社群里有人发帖后会显示在这里，也可以去「兴趣社群」多加入几个');
    await joined.locator('[data-testid=feed-tab-hot]').click();
    await expect.poll(() => joined.locator('[data-testid=state-empty]').textContent(), { timeout: 15_000 }).toBe('本周还没有获赞的动态');
    expect(pageErrors).toEqual([]);
  });

  it('lets the operator make a member a moderator in the console, after which the member sees the 版主 mark', async () => {
    const carolId = (await call(server, 'GET', '/api/v1/me', { token: await userToken(carol) })).body.user.id as string;
    await operator.locator('[data-testid=ops-tab-events]').click();
    const panel = operator.locator('[data-testid=ops-moderators]');
    await expect.poll(() => panel.locator('[data-testid=state-empty]').textContent(), { timeout: 10_000 }).toBe('这个社群还没有版主');
    await panel.locator('[data-testid=moderator-user-id] input').fill('999999');
    await panel.locator('[data-testid=add-moderator]').click();
    await expect.poll(() => panel.locator('[data-testid=field-error-userId]').textContent(), { timeout: 10_000 }).toBe('没有这个用户');
    await panel.locator('[data-testid=moderator-user-id] input').fill(carolId);
    await panel.locator('[data-testid=add-moderator]').click();
    await expect.poll(() => panel.locator('[data-testid=moderator-row]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringContaining(`（ID ${carolId}）`)]);
    expect(await panel.locator('[data-testid=field-error-userId]').count()).toBe(0);

    await carol.reload();
    await expect.poll(() => carol.locator('[data-testid=moderator-badge]').textContent(), { timeout: 15_000 }).toBe('版主');
    expect(await carol.locator('[data-testid=open-reports]').textContent()).toBe('待处理举报');
    expect(await bob.locator('[data-testid=moderator-badge]').count()).toBe(0);
  });

  it('lets the moderator delete a reported comment from the open reports', async () => {
    const [bobToken, aliceToken] = [await userToken(bob), await userToken(alice)];
    const postId = (await call(server, 'POST', `/api/v1/communities/${hikers}/posts`, { token: bobToken, body: { text: '周日还有人去吗？' } })).body.post.id as string;
    const comment = (await call(server, 'POST', `/api/v1/posts/${postId}/comments`, { token: aliceToken, body: { text: RUDE } })).body.comment;
    expect((await call(server, 'POST', `/api/v1/comments/${comment.id}/report`, { token: bobToken, body: { reason: 'abuse' } })).status).toBe(200);

    await carol.locator('[data-testid=open-reports]').click();
    const reports = carol.locator('[data-testid=community-reports]');
    const item = reports.locator('[data-testid=community-report]').filter({ hasText: RUDE });
    await expect.poll(() => item.count(), { timeout: 15_000 }).toBe(1);
    expect(await item.locator('[data-testid=report-reasons-line]').textContent()).toBe('1 人举报：辱骂');
    await item.locator('[data-testid=report-delete]').click();
    await carol.locator('.taro-model__confirm:visible').click();
    await expect.poll(() => reports.locator('[data-testid=reports-notice]').textContent(), { timeout: 10_000 }).toBe('已删除');
    await expect.poll(() => reports.locator('[data-testid=state-empty]').textContent(), { timeout: 10_000 }).toBe('没有待处理的举报');
    expect((await call(server, 'GET', `/api/v1/posts/${postId}`, { token: bobToken })).body.post.comments).toBe(0);
  });

  it("shows the comment's author the operator's warning above the composer and on Me until they dismiss it", async () => {
    await operator.locator('[data-testid=ops-tab-moderation]').click();
    const item = operator.locator('[data-testid=moderation-case]').filter({ hasText: RUDE });
    await expect.poll(() => item.locator('[data-testid=case-status]').textContent(), { timeout: 10_000 }).toBe('已删除');
    await item.locator('[data-testid=case-reason] input').fill('请文明发言');
    await item.locator('[data-testid=case-warn]').click();
    await expect.poll(() => item.locator('[data-testid=case-notice]').textContent(), { timeout: 10_000 }).toBe('已警告');

    await alice.reload();
    const posts = alice.locator('[data-testid=community-posts]');
    await expect.poll(() => posts.locator('[data-testid=warning]').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('请文明发言')]);
    expect(await posts.locator('[data-testid=composer]').count()).toBe(1);
    await alice.goto(`${server.url}/#/pages/me/index`);
    await alice.reload();
    const notice = alice.locator('.me [data-testid=warnings-notice]');
    await expect.poll(() => notice.locator('[data-testid=warning]').allTextContents(), { timeout: 15_000 }).toEqual([expect.stringContaining('请文明发言')]);
    await notice.locator('[data-testid=dismiss-warnings]').click();
    await expect.poll(() => notice.count(), { timeout: 10_000 }).toBe(0);
    await alice.reload();
    await expect.poll(() => alice.locator('.me [data-testid=weight]').count(), { timeout: 15_000 }).toBe(1);
    expect((await call(server, 'GET', '/api/v1/me/warnings', { token: await userToken(alice) })).body.items).toEqual([]);
    expect(await notice.count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });

  it('lets a merchant post a live offer as a card from its console, which members then see', async () => {
    const operatorToken = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const staff = { username: 'trail-tea', password: 'merchant-password-1' };
    expect((await call(server, 'POST', '/api/v1/ops/merchants', { token: operatorToken, body: { name: '山顶茶饮', ...staff } })).status).toBe(201);
    await liveOffer(server, await staffToken(server, staff.username, staff.password), operatorToken);
    const merchant = await open();
    await merchant.goto(`${server.url}/#/packages/merchant/pages/console/index`);
    await staffSignIn(merchant, staff.username, staff.password);
    await expect.poll(() => merchant.locator('[data-testid=open-merchant-posts]').count(), { timeout: 15_000 }).toBe(1);
    await merchant.locator('[data-testid=open-merchant-posts]').click();
    const screen = merchant.locator('[data-testid=merchant-posts-page]');
    await expect.poll(() => screen.locator('[data-testid=merchant-post-offer]').allTextContents(), { timeout: 15_000 }).toEqual(['山顶咖啡 5 元券']);
    await expect.poll(() => screen.locator('[data-testid=state-empty]').textContent(), { timeout: 10_000 }).toBe('还没有发布过动态');
    await screen.locator('[data-testid=merchant-post-offer]').click();
    await screen.locator('[data-testid=merchant-post-text] textarea').fill(PROMO);
    await screen.locator('[data-testid=merchant-post-publish]').click();
    await expect.poll(() => screen.locator('[data-testid=merchant-post-notice]').textContent(), { timeout: 10_000 }).toBe('已发布到「周末徒步群」');
    await expect.poll(() => screen.locator('[data-testid=merchant-post-row-text]').allTextContents(), { timeout: 10_000 }).toEqual([PROMO]);

    await bob.goto(`${server.url}/#/packages/communities/pages/detail/index?id=${hikers}`);
    await bob.reload();
    const promo = bob.locator('[data-testid=community-posts] [data-testid=post]').filter({ hasText: PROMO });
    await expect.poll(() => promo.locator('[data-testid=post-card]').textContent(), { timeout: 15_000 }).toContain('山顶咖啡 5 元券');
    expect(pageErrors).toEqual([]);
  });
});
