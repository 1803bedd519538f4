import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { call, signIn, syncSteps } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { png } from '../support/images.js';
import { overflowOf } from '../support/layout.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;
const WIDTHS = [320, 390] as const;

/**
 * Issue 12 items 5, 6, 7, 8 and 10 in Chromium, and the layout of Home, Ranks, Me, the merchant
 * console and the operators' event section at 320 and 390 px wide.
 */
describe.skipIf(!browserReady)('likes, events, offer images and the layout at phone widths, in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let operatorToken = '';
  const merchant = { username: '', password: 'merchant-password-1' };

  async function open(width: number = 390, screen: 'phone' | 'desktop' = 'phone'): Promise<Page> {
    const { context, page } = await openPage(browser, server.clock.at, pageErrors, screen);
    if (screen === 'phone') await page.setViewportSize({ width, height: 844 });
    contexts.push(context);
    return page;
  }

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { ...WITH_OPERATOR, H5_DIST: h5 });
    operatorToken = await staffToken(server, OPERATOR.username, OPERATOR.password);
    merchant.username = `ux-shop-${Math.random().toString(36).slice(2, 6)}`;
    await call(server, 'POST', '/api/v1/ops/merchants', { token: operatorToken, body: { name: '体验咖啡', username: merchant.username, password: merchant.password } });
    for (const [name, nickname, steps] of [['ux-a', '山野徒步客', 23_480], ['ux-b', '晨跑小林', 15_210]] as const) {
      const walker = await signIn(server, name);
      await call(server, 'PATCH', '/api/v1/me/profile', { token: walker.token, body: { nickname } });
      await syncSteps(server, walker, steps);
    }
    browser = await launchChromium();
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('item 10: likes a board entry once however often tapped, shows the counts, highlights the own row, and lists who liked me', async () => {
    const page = await open();
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    await page.locator('[data-testid=sandbox-steps] input').fill('9000');
    await page.locator('[data-testid=sync]').click();
    await expect.poll(() => page.locator('[data-testid=notice]').textContent(), { timeout: 10_000 }).toBe('到账 270 金币');
    await page.getByText('排行', { exact: true }).click();
    const rows = page.locator('[data-testid=rank-row]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    expect(await rows.nth(2).getAttribute('data-mine')).toBe('1');
    expect(await rows.nth(0).getAttribute('data-mine')).toBeNull();
    let likes = 0;
    page.on('request', (request) => {
      if (request.url().includes('/leaderboards/daily/likes')) likes += 1;
    });
    await page.evaluate("(() => { const heart = document.querySelector('[data-testid=rank-row] [data-testid=like]'); heart.click(); heart.click(); })()");
    await expect.poll(() => rows.nth(0).locator('[data-testid=like-count]').textContent(), { timeout: 10_000 }).toBe('1');
    expect(likes).toBe(1);
    expect(await rows.nth(0).locator('[data-testid=like]').getAttribute('data-liked')).toBe('1');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}ranks-likes.png` });

    const liked = await signIn(server, 'ux-a');
    const received = await call(server, 'GET', '/api/v1/me/likes', { token: liked.token });
    expect(received.body.total).toBe(1);
    // The liked walker sees it on their own phone.
    await call(server, 'POST', '/api/v1/leaderboards/daily/likes', { token: liked.token, body: { date: server.clock.today, userId: received.body.items[0].userId } });
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=my-likes]').textContent(), { timeout: 10_000 }).toBe('♥ 1');
    await page.locator('[data-testid=my-likes]').click();
    await expect.poll(() => page.locator('[data-testid=liked-me-row]').allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^山野徒步客/)]);
  });

  it('item 6: a merchant uploads an offer image, the operator sees it in review, and a lost image falls back in the Mall', async () => {
    const page = await open();
    await page.goto(`${server.url}/#/packages/merchant/pages/console/index`);
    await staffSignIn(page, merchant.username, merchant.password);
    await page.locator('[data-testid=new-offer]').click();
    await page.locator('[data-testid=offer-title] input').fill('带图的咖啡券');
    await page.locator('[data-testid=offer-priceCoins] input').fill('-5');
    await page.locator('[data-testid=save-offer]').click();
    await expect.poll(() => page.locator('[data-testid=field-error-priceCoins]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-testid=field-error-priceCoins]').textContent()).toBe('价格需为正整数');
    await page.locator('[data-testid=offer-priceCoins] input').fill('120');
    const chooser = page.waitForEvent('filechooser');
    await page.locator('[data-testid=offer-image-pick]').click();
    await (await chooser).setFiles({ name: 'coffee.png', mimeType: 'image/png', buffer: png() });
    await expect.poll(() => page.locator('[data-testid=offer-image-preview]').count(), { timeout: 15_000 }).toBe(1);
    await page.locator('[data-testid=save-offer]').click();
    await expect.poll(() => page.locator('[data-testid=merchant-offer-status]').allTextContents(), { timeout: 10_000 }).toEqual(['草稿']);
    await page.locator('[data-testid=submit-offer]').click();
    await expect.poll(() => page.locator('[data-testid=merchant-offer-status]').allTextContents(), { timeout: 10_000 }).toEqual(['审核中']);

    const operator = await open(1280, 'desktop');
    await operator.goto(`${server.url}/#/packages/ops/pages/console/index`);
    await staffSignIn(operator, OPERATOR.username, OPERATOR.password);
    await operator.locator('[data-testid=ops-tab-review]').click();
    const loadedWidth = (target: Page, selector: string) => target.evaluate(`document.querySelector('${selector}')?.naturalWidth ?? 0`);
    await expect.poll(() => loadedWidth(operator, '[data-testid=review-offer] [data-testid=review-image] img'), { timeout: 10_000 }).toBe(64);

    await operator.locator('[data-testid=review-offer] [data-testid=approve-offer]').click();
    await expect.poll(() => operator.locator('[data-testid=review-notice]').textContent(), { timeout: 10_000 }).toBe('已上架「带图的咖啡券」');

    // The picture arrives on one phone; on another its download fails, and the Mall shows the offer's tile instead of a broken image.
    const user = await open();
    await user.goto(`${server.url}/#/pages/mall/index`);
    const card = user.locator('[data-testid=offer-card]').filter({ hasText: '带图的咖啡券' });
    await expect.poll(() => card.locator('[data-testid=offer-image]').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => loadedWidth(user, '.mall [data-testid=offer-image] img'), { timeout: 15_000 }).toBe(64);
    const offline = await open();
    await offline.route('**/media/**', (route) => route.abort());
    await offline.goto(`${server.url}/#/pages/mall/index`);
    const lost = offline.locator('[data-testid=offer-card]').filter({ hasText: '带图的咖啡券' });
    await expect.poll(() => lost.locator('[data-testid=offer-image-fallback]').count(), { timeout: 15_000 }).toBe(1);
  });

  it("item 5: an operator creates an event, shows its check-in code as a QR, edits and cancels it, and sees its sign-ups", async () => {
    const operator = await open(1280, 'desktop');
    await operator.goto(`${server.url}/#/packages/ops/pages/console/index`);
    await staffSignIn(operator, OPERATOR.username, OPERATOR.password);
    await operator.locator('[data-testid=ops-tab-events]').click();
    await operator.locator('[data-testid=new-community]').click();
    await operator.locator('[data-testid=community-name-input] input').fill('夜跑团');
    await operator.locator('[data-testid=create-community]').click();
    await expect.poll(() => operator.locator('[data-testid=events-notice]').textContent(), { timeout: 10_000 }).toBe('已创建社群「夜跑团」');
    await operator.locator('[data-testid=new-event]').click();
    await operator.locator('[data-testid=save-event]').click();
    await expect.poll(() => operator.locator('[data-testid=field-error-title]').count(), { timeout: 10_000 }).toBe(1);
    expect(await operator.locator('[data-testid=field-error-title]').textContent()).toBe('请填写标题');
    await operator.locator('[data-testid=event-title] input').fill('周五夜跑');
    await operator.locator('[data-testid=event-place] input').fill('奥森南门');
    await operator.locator('[data-testid=save-event]').click();
    const card = operator.locator('[data-testid=ops-event]');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    await card.locator('[data-testid=show-code]').click();
    const digits = (await card.locator('[data-testid=event-code-digits]').textContent()) ?? '';
    expect(digits).toMatch(/^\d{6}$/);
    expect(await card.locator('[data-testid=event-qr]').getAttribute('data-text')).toBe(digits);
    expect(await card.locator('[data-testid=event-qr] .qr__cell--dark').count()).toBeGreaterThan(50);
    await card.locator('[data-testid=edit-event]').click();
    await card.locator('[data-testid=event-capacity] input').fill('12');
    await card.locator('[data-testid=save-event]').click();
    await expect.poll(() => card.textContent(), { timeout: 10_000 }).toMatch(/名额 0\/12/);
    await card.locator('[data-testid=show-signups]').click();
    await expect.poll(() => card.locator('[data-testid=state-empty]').textContent(), { timeout: 10_000 }).toBe('还没有人报名');
    if (SCREENSHOTS) await operator.screenshot({ path: `${SCREENSHOTS}ops-events.png` });
    for (const width of WIDTHS) {
      await operator.setViewportSize({ width, height: 844 });
      expect(await overflowOf(operator), `ops events at ${width}px`).toEqual([]);
      if (SCREENSHOTS) await operator.screenshot({ path: `${SCREENSHOTS}ops-events-${width}.png` });
    }
    await operator.setViewportSize({ width: 1280, height: 800 });
    await card.locator('[data-testid=cancel-event]').click();
    await card.locator('[data-testid=cancel-reason] input').fill('暴雨');
    await card.locator('[data-testid=confirm-cancel-event]').click();
    await expect.poll(() => card.locator('[data-testid=ops-event-status]').textContent(), { timeout: 10_000 }).toBe('已取消');
  });

  it.each(WIDTHS)('item 7–8: Home, Ranks, Me and the merchant console fit a %i px screen', async (width) => {
    const page = await open(width);
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    const checks: [string, () => Promise<void>][] = [
      ['home', async () => undefined],
      ['ranks', async () => {
        await page.getByText('排行', { exact: true }).click();
        await expect.poll(() => page.locator('[data-testid=rank-row]').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      }],
      ['me', async () => {
        await page.getByText('我的', { exact: true }).click();
        await expect.poll(() => page.locator('[data-testid=me-balance]').count(), { timeout: 10_000 }).toBe(1);
        // 保存 and 退出登录 whole inside the screen.
        for (const id of ['save-weight', 'sign-out']) expect((await page.locator(`[data-testid=${id}]`).boundingBox())!.x + (await page.locator(`[data-testid=${id}]`).boundingBox())!.width).toBeLessThanOrEqual(width);
      }],
      ['merchant', async () => {
        await page.goto(`${server.url}/#/packages/merchant/pages/console/index`);
        await staffSignIn(page, merchant.username, merchant.password);
        await expect.poll(() => page.locator('[data-testid=merchant-stats]').count(), { timeout: 10_000 }).toBe(1);
      }],
    ];
    for (const [name, show] of checks) {
      await show();
      await page.waitForTimeout(400);
      expect(await overflowOf(page), `${name} at ${width}px`).toEqual([]);
      if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}${name}-${width}.png` });
    }
  });

  it('ran without a script error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
