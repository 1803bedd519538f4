import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { createCommunity } from '../support/campaigns.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { png } from '../support/images.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();

/**
 * A hiking community's post from phone to moderation: a member posts a photo with text, another
 * likes and comments on it, a third reports it, the operator hides it in the console, and the
 * feeds no longer show it.
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
    await expect.poll(() => item.locator('[data-testid=case-notice]').textContent(), { timeout: 10_000 }).toBe('已隐藏');
    expect(await item.locator('[data-testid=case-status]').textContent()).toBe('已隐藏');

    await alice.reload();
    await expect.poll(() => alice.locator('[data-testid=community-posts] [data-testid=state-empty]').textContent(), { timeout: 15_000 }).toBe('还没有动态，来发第一条吧');
    expect(await thePost(alice).count()).toBe(0);
    await bob.goto(`${server.url}/#/packages/communities/pages/list/index`);
    await expect.poll(() => bob.locator('[data-testid=joined-feed-link]').count(), { timeout: 15_000 }).toBe(1);
    await bob.locator('[data-testid=joined-feed-link]').click();
    const joined = bob.locator('[data-testid=joined-feed]');
    await expect.poll(() => joined.locator('[data-testid=state-empty]').textContent(), { timeout: 15_000 }).toBe('加入的社群还没有动态');
    await joined.locator('[data-testid=feed-tab-hot]').click();
    await expect.poll(() => joined.locator('[data-testid=state-empty]').textContent(), { timeout: 15_000 }).toBe('本周还没有获赞的动态');
    expect(pageErrors).toEqual([]);
  });
});
