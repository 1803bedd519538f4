import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { call } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;

/**
 * The merchant journey in real browsers: a merchant creates an offer in the console, an operator
 * approves it in the operators' console (which a merchant may not enter), a user redeems it with
 * coins earned from steps, the merchant checks the voucher in by its code, and the user sees it used.
 */
describe.skipIf(!browserReady)('redeeming an offer in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  let merchant: Page;
  let user: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let voucherCode = '';

  async function open(screen: 'phone' | 'desktop' = 'phone'): Promise<Page> {
    const { context, page } = await openPage(browser, server.clock.at, pageErrors, screen);
    contexts.push(context);
    return page;
  }

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { ...WITH_OPERATOR, H5_DIST: h5 });
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    await call(server, 'POST', '/api/v1/ops/merchants', {
      token: operator,
      body: { name: '山顶咖啡', username: 'summit-coffee', password: 'summit-coffee-1' },
    });
    browser = await launchChromium();
    merchant = await open();
    user = await open();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('lets a merchant sign in and create an offer, which starts as a draft', async () => {
    await merchant.goto(`${server.url}/#/packages/merchant/pages/console/index`);
    await staffSignIn(merchant, 'summit-coffee', 'summit-coffee-1');
    await expect.poll(() => merchant.locator('[data-testid=new-offer]').count(), { timeout: 10_000 }).toBe(1);
    await merchant.locator('[data-testid=new-offer]').click();
    await merchant.locator('[data-testid=offer-title] input').fill('山顶手冲咖啡一杯');
    await merchant.locator('[data-testid=offer-description] textarea').fill('登顶后凭券领取一杯手冲');
    await merchant.locator('[data-testid=offer-priceCoins] input').fill('150');
    await merchant.locator('[data-testid=offer-totalStock] input').fill('20');
    await merchant.locator('[data-testid=save-offer]').click();
    await expect.poll(() => merchant.locator('[data-testid=merchant-offer-status]').allTextContents(), { timeout: 10_000 }).toEqual(['草稿']);
    await merchant.locator('[data-testid=submit-offer]').click();
    await expect.poll(() => merchant.locator('[data-testid=merchant-offer-status]').allTextContents()).toEqual(['审核中']);
  });

  it("goes live once an operator approves it in the operators' console", async () => {
    const operator = await open('desktop');
    await operator.goto(`${server.url}/#/packages/ops/pages/console/index`);
    await staffSignIn(operator, 'summit-coffee', 'summit-coffee-1');
    await expect.poll(() => operator.locator('[data-testid=console-error]').textContent(), { timeout: 10_000 }).toBe('没有权限进行这个操作。');
    await staffSignIn(operator, OPERATOR.username, OPERATOR.password);
    await operator.locator('[data-testid=ops-tab-review]').click();
    const queued = operator.locator('[data-testid=review-offer]');
    await expect.poll(() => queued.allTextContents(), { timeout: 10_000 }).toEqual([expect.stringMatching(/^山顶手冲咖啡一杯优惠券山顶咖啡 · 150 金币 · 库存 20 · 每人限 1/)]);
    await queued.locator('[data-testid=approve-offer]').click();
    await expect.poll(() => operator.locator('[data-testid=review-notice]').textContent(), { timeout: 10_000 }).toBe('已上架「山顶手冲咖啡一杯」');
    await expect.poll(() => operator.locator('[data-testid=state-empty]').textContent()).toBe('没有这个状态的商品');
    await merchant.reload();
    await expect.poll(() => merchant.locator('[data-testid=merchant-offer-status]').allTextContents(), { timeout: 10_000 }).toEqual(['已上架']);
  });

  it('lets a user earn coins, find the offer in the mall and redeem it', async () => {
    await user.goto(`${server.url}/`);
    await expect.poll(() => user.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    await user.locator('[data-testid=sandbox-steps] input').fill('8000');
    await user.locator('[data-testid=sync]').click();
    await expect.poll(() => user.locator('[data-testid=balance]').textContent()).toBe('240');

    await user.getByText('商城', { exact: true }).click();
    const card = user.locator('[data-testid=offer-card]').filter({ hasText: '山顶手冲咖啡一杯' });
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.textContent()).toMatch(/山顶咖啡.*150 金币.*剩余 20/);
    if (SCREENSHOTS) {
      await user.waitForTimeout(800);
      await user.screenshot({ path: `${SCREENSHOTS}mall.png` });
    }
    await card.click();
    await user.locator('[data-testid=redeem]').click();
    await user.locator('[data-testid=confirm-redeem]').click();
    await expect.poll(() => user.locator('[data-testid=voucher-detail-status]').textContent(), { timeout: 10_000 }).toBe('待使用');
    expect(await user.locator('[data-testid=qr] .qr__cell--dark').count()).toBeGreaterThan(100);
    voucherCode = ((await user.locator('[data-testid=voucher-code]').textContent()) ?? '').replace(/\s/g, '');
    expect(voucherCode).toMatch(/^[A-Z2-9]{16}$/);
    if (SCREENSHOTS) {
      await user.waitForTimeout(800); // the page slides in
      await user.screenshot({ path: `${SCREENSHOTS}voucher.png` });
    }
  });

  it('lets the merchant check the voucher in by its code, and the user sees it used', async () => {
    await merchant.reload();
    await merchant.locator('[data-testid=checkin-code] input').fill(voucherCode.toLowerCase());
    await merchant.locator('[data-testid=checkin]').click();
    await expect.poll(() => merchant.locator('[data-testid=checkin-notice]').textContent(), { timeout: 10_000 }).toBe('核销成功：山顶手冲咖啡一杯');
    await expect.poll(() => merchant.locator('[data-testid=merchant-stats] [data-testid^=merchant-stat-]').allTextContents()).toEqual(['1', '1', '150']);
    await expect.poll(() => merchant.locator('[data-testid=merchant-voucher]').allTextContents()).toEqual([
      expect.stringMatching(new RegExp(`^山顶手冲咖啡一杯…${voucherCode.slice(-4)} · .*已使用$`)),
    ]);
    expect(await merchant.locator('[data-testid=refund-voucher]').count()).toBe(0);
    await merchant.locator('[data-testid=checkin-code] input').fill(voucherCode);
    await merchant.locator('[data-testid=checkin]').click();
    await expect.poll(() => merchant.locator('[data-testid=checkin-notice]').textContent()).toBe('这张券不能核销：已使用、已过期或已退款。');
    if (SCREENSHOTS) await merchant.screenshot({ path: `${SCREENSHOTS}merchant.png` });

    await user.reload();
    await expect.poll(() => user.locator('[data-testid=voucher-detail-status]').textContent(), { timeout: 10_000 }).toBe('已使用');
  });

  it('ran without a script error in either page', () => {
    expect(pageErrors).toEqual([]);
  });
});
