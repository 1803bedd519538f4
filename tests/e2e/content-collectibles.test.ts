import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { createCampaign } from '../support/campaigns.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { png } from '../support/images.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();
const VIDEO = 'https://video.example.com/freestyle.mp4';

/**
 * The content channel and collectibles from the operators' console to a member's phone: an
 * operator publishes a video item and a series of 50 awarded at 10,000 steps during a campaign;
 * a user syncs 10,000 steps in the sandbox, finds #1/50 in the collection, becomes a fan member
 * with coins, and watches the video.
 */
describe.skipIf(!browserReady)('content channel and collectibles in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  let operator: Page;
  let member: Page;
  let campaignId = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];

  async function open(screen: 'phone' | 'desktop' = 'phone'): Promise<Page> {
    const { context, page } = await openPage(browser, server.clock.at, pageErrors, screen);
    contexts.push(context);
    return page;
  }

  async function upload(page: Page, testId: string) {
    const chooser = page.waitForEvent('filechooser');
    await page.locator(`[data-testid=${testId}]`).click();
    await (await chooser).setFiles({ name: 'art.png', mimeType: 'image/png', buffer: png(96, [234, 179, 8]) });
    await expect.poll(() => page.locator(`[data-testid=${testId}-preview]`).count(), { timeout: 15_000 }).toBe(1);
  }

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { ...WITH_OPERATOR, H5_DIST: h5 });
    const token = await staffToken(server, OPERATOR.username, OPERATOR.password);
    campaignId = (await createCampaign(server, token, { name: '万步挑战', multiplierPercent: 100, thresholds: [{ steps: 10_000, coins: 20 }] })).id;
    browser = await launchChromium();
    operator = await open('desktop');
    member = await open();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('lets an operator publish a video item and define a series of 50 awarded at 10,000 steps during the campaign', async () => {
    await operator.goto(`${server.url}/#/packages/ops/pages/console/index`);
    await staffSignIn(operator, OPERATOR.username, OPERATOR.password);
    await operator.locator('[data-testid=ops-tab-content]').click();
    await operator.locator('[data-testid=content-form-title] input').fill('自由泳分解教学');
    await operator.locator('[data-testid=content-form-video] input').fill('http://video.example.com/insecure.mp4');
    await operator.locator('[data-testid=content-tag-swimming]').click();
    await operator.locator('[data-testid=content-publish]').click();
    await expect.poll(() => operator.locator('[data-testid=content-notice]').textContent(), { timeout: 10_000 }).toBe('请填写 https 开头的视频地址');
    await operator.locator('[data-testid=content-form-video] input').fill(VIDEO);
    await upload(operator, 'content-cover');
    await operator.locator('[data-testid=content-publish]').click();
    await expect.poll(() => operator.locator('[data-testid=content-notice]').textContent(), { timeout: 10_000 }).toMatch(/^已发布 #\d+$/);
    await expect.poll(() => operator.locator('[data-testid=ops-content-item]').count(), { timeout: 10_000 }).toBe(1);

    await operator.locator('[data-testid=ops-tab-collectibles]').click();
    await operator.locator('[data-testid=series-form-name] input').fill('万步金章');
    await upload(operator, 'series-artwork');
    await operator.locator('[data-testid=series-form-size] input').fill('50');
    await operator.locator('[data-testid=series-rule-steps]').click();
    await operator.locator('[data-testid=series-form-campaign] input').fill(campaignId);
    await operator.locator('[data-testid=series-form-steps] input').fill('10000');
    await operator.locator('[data-testid=series-create]').click();
    await expect.poll(() => operator.locator('[data-testid=series-notice]').textContent(), { timeout: 10_000 }).toMatch(/^系列已创建 #\d+$/);
    await expect.poll(() => operator.locator('[data-testid=ops-series]').textContent(), { timeout: 10_000 }).toMatch(/万步金章.*已发行 0\/50/);
  });

  it('awards #1/50 to a user who syncs 10,000 steps, shown as not transferable in the collection', async () => {
    await member.goto(`${server.url}/`);
    await expect.poll(() => member.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    await member.locator('[data-testid=sandbox-steps] input').fill('10000');
    await member.locator('[data-testid=sync]').click();
    await expect.poll(() => member.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('320');

    await member.goto(`${server.url}/#/pages/me/index`);
    await member.locator('[data-testid=open-collection]').click();
    const collectible = member.locator('[data-testid=collectible]');
    await expect.poll(() => collectible.count(), { timeout: 15_000 }).toBe(1);
    expect(await collectible.locator('[data-testid=collectible-serial]').textContent()).toBe('#1/50');
    expect(await collectible.textContent()).toMatch(/万步金章#1\/50活动步数达标/);
    expect(await member.locator('[data-testid=not-transferable]').textContent()).toMatch(/不可转让/);
    await collectible.locator('[data-testid=share-collectible]').click();
    await expect.poll(() => member.locator('[data-testid=share-image]').count(), { timeout: 15_000 }).toBe(1);
  });

  it('lets the user become a fan member with coins and watch the video item', async () => {
    await member.goto(`${server.url}/#/packages/content/pages/membership/index`);
    await expect.poll(() => member.locator('[data-testid=membership-status]').textContent(), { timeout: 15_000 }).toBe('你还不是会员');
    await member.locator('[data-testid=buy-membership]').click();
    await member.locator('[data-testid=confirm-membership]').dblclick();
    await expect.poll(() => member.locator('[data-testid=membership-notice]').textContent(), { timeout: 15_000 }).toMatch(/^开通成功，有效期至 \d{4}-\d{2}-\d{2}$/);
    expect(await member.locator('[data-testid=membership-status]').textContent()).toMatch(/^会员有效期至/);

    await member.goto(`${server.url}/`);
    await member.locator('[data-testid=channel-link]').click();
    const card = member.locator('[data-testid=content-card]').filter({ hasText: '自由泳分解教学' });
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    await card.click();
    await expect.poll(() => member.locator('[data-testid=player] video').getAttribute('src'), { timeout: 15_000 }).toBe(VIDEO);
    expect(await member.locator('[data-testid=item-views]').textContent()).toBe('1 次观看');
    await member.locator('[data-testid=content-like]').click();
    await expect.poll(() => member.locator('[data-testid=content-like]').textContent(), { timeout: 10_000 }).toBe('♥ 已赞 1');

    const [charge] = await server.context.db.query("SELECT COUNT(*) AS n FROM ledger_transactions WHERE kind = 'membership'");
    expect(Number(charge.n)).toBe(1);
    expect(pageErrors).toEqual([]);
  });
});
