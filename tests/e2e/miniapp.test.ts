import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage } from '../support/browser.js';
import { call, signIn, syncSteps } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;

/**
 * A new user in a real browser, on the H5 build served by the real BFF with the sandbox platform
 * playing the super-app: sign in, sync, see the coins, find themself on the board, sync more and
 * get only the difference, and see a forged payload refused in words.
 */
describe.skipIf(!browserReady)('the mini-program in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { H5_DIST: h5 });
    // Other walkers already on today's board: three ahead of the new user's 6,000 steps, one behind.
    for (const [name, nickname, steps] of [
      ['e2e-hiker', '山野徒步客', 23_480],
      ['e2e-runner', '晨跑小林', 15_210],
      ['e2e-walker', '遛弯王阿姨', 9_876],
      ['e2e-office', '久坐打工人', 3_120],
    ] as const) {
      const walker = await signIn(server, name);
      await call(server, 'PATCH', '/api/v1/me/profile', { token: walker.token, body: { nickname } });
      await syncSteps(server, walker, steps);
    }
    browser = await launchChromium();
    ({ page } = await openPage(browser, server.clock.at, pageErrors));
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function setPhoneSteps(steps: number) {
    const input = page.locator('[data-testid=sandbox-steps] input');
    await input.fill(String(steps));
  }

  async function syncAndReadNotice(): Promise<string> {
    await page.locator('[data-testid=sync]').click();
    const notice = page.locator('[data-testid=notice]');
    await expect.poll(async () => ((await notice.count()) > 0 ? notice.textContent() : null)).not.toBeNull();
    await expect.poll(() => page.locator('[data-testid=sync]').textContent()).toBe('同步今日步数');
    return (await notice.textContent()) ?? '';
  }

  it('signs a new user in and shows an empty day', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    expect(await page.locator('[data-testid=today-steps]').textContent()).toBe('0');
  });

  it('syncs steps and shows the coins and balance change', async () => {
    await setPhoneSteps(6000);
    await expect.poll(() => page.locator('[data-testid=preview]').textContent()).toBe('同步后预计可得 180 金币');
    expect(await syncAndReadNotice()).toBe('到账 180 金币');
    expect(await page.locator('[data-testid=balance]').textContent()).toBe('180');
    expect(await page.locator('[data-testid=today-steps]').textContent()).toBe('6,000');
    expect(await page.locator('[data-testid=rank]').textContent()).toBe('今日第 4 名');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}home.png` });
  });

  it('finds the user on the daily board', async () => {
    await page.getByText('排行', { exact: true }).click();
    await expect.poll(() => page.locator('[data-testid=my-rank]').textContent(), { timeout: 10_000 }).toBe('我的排名4 · 6,000 步♥ 0');
    const rows = page.locator('[data-testid=rank-row]');
    await expect.poll(() => rows.count()).toBe(5);
    // Each row ends with its likes of the day (a full heart on the user's own row, which is highlighted).
    expect(await rows.allTextContents()).toEqual([
      '1山野徒步客23,480 步♡0',
      '2晨跑小林15,210 步♡0',
      '3遛弯王阿姨9,876 步♡0',
      expect.stringMatching(/^4用户.{4}6,000 步♥0$/),
      '5久坐打工人3,120 步♡0',
    ]);
    expect(await rows.nth(3).getAttribute('data-mine')).toBe('1');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}ranks.png` });
  });

  it('credits only the difference for a higher count later', async () => {
    await page.getByText('首页', { exact: true }).click();
    await setPhoneSteps(9000);
    expect(await syncAndReadNotice()).toBe('到账 90 金币');
    expect(await page.locator('[data-testid=balance]').textContent()).toBe('270');
    expect(await syncAndReadNotice()).toBe('步数已是最新，没有新的金币');
  });

  it('refuses a forged payload with a clear message and moves nothing', async () => {
    await page.evaluate("localStorage.setItem('cb.sandbox.forge', 'signature')");
    await setPhoneSteps(20000);
    expect(await syncAndReadNotice()).toBe('运动数据校验失败：数据不是来自平台，或已被篡改。');
    expect(await page.locator('[data-testid=balance]').textContent()).toBe('270');
    await page.evaluate("localStorage.setItem('cb.sandbox.forge', 'none')");
  });

  it('shows the balance and the coin history on the Me tab', async () => {
    await page.getByText('我的', { exact: true }).click();
    await expect.poll(() => page.locator('[data-testid=me-balance]').textContent(), { timeout: 10_000 }).toBe('金币余额 270');
    if (SCREENSHOTS) await page.screenshot({ path: `${SCREENSHOTS}me.png` });
    await page.locator('[data-testid=open-history]').click();
    await expect.poll(() => page.locator('[data-testid=history-item]').count(), { timeout: 10_000 }).toBe(2);
    expect(await page.locator('[data-testid=history-item]').first().textContent()).toMatch(/步数奖励.*\+90/);
    // A browser has no platform navigation bar: the page's own bar leads back to the Me tab.
    const back = page.getByRole('button', { name: '返回', exact: true });
    expect(await back.isVisible()).toBe(true);
    await back.click();
    // The history page leaves once it has slid away, and the Me tab is the page again.
    await expect.poll(() => page.locator('[data-testid=history-item]').count(), { timeout: 10_000 }).toBe(0);
    expect(await back.count()).toBe(0);
    expect(page.url()).toMatch(/#\/pages\/me\/index/);
    expect(await page.locator('[data-testid=me-balance]').textContent()).toBe('金币余额 270');
  });

  it('ran the whole journey without a script error in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
