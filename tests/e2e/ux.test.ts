import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { call, signIn, syncSteps } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();

/**
 * Issue 12 items 1–4, 8 and 9 as a person meets them in the H5 build: a double tap sends one
 * request, a disabled button sends none, a wrong password says so, the BFF's field errors stand
 * beside their field in Chinese, a page whose code fails to load or a lost connection says so
 * with a retry, the event check-in box opens only in its window and says how long to wait after
 * too many wrong codes, sign-out signs out, and the consoles are out of ordinary users' way.
 */
describe.skipIf(!browserReady)('the mini-program as a person uses it, in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const requests: string[] = [];
  let merchantLogin = { username: '', password: 'merchant-password-1' };

  async function open(screen: 'phone' | 'desktop' = 'phone'): Promise<Page> {
    const { context, page: opened } = await openPage(browser, server.clock.at, pageErrors, screen);
    contexts.push(context);
    opened.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
    opened.on('console', (message) => {
      if (message.type() === 'error') console.log(`console error at ${opened.url()}: ${message.text().slice(0, 200)}`);
    });
    return opened;
  }
  const sent = (what: string) => requests.filter((request) => request === what).length;
  /** Two clicks in one task, before React can re-render the button as disabled. */
  const doubleTap = (target: Page, testId: string) =>
    target.evaluate(`(() => { const element = document.querySelector('[data-testid=${testId}]'); element.click(); element.click(); })()`);
  async function userToken(target: Page): Promise<string> {
    return (JSON.parse((await target.evaluate("localStorage.getItem('cb.token')")) as string) as { data: string }).data;
  }

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { ...WITH_OPERATOR, H5_DIST: h5 });
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const username = `ux-merchant-${Math.random().toString(36).slice(2, 6)}`;
    await call(server, 'POST', '/api/v1/ops/merchants', { token: operator, body: { name: '体验商家', username, password: merchantLogin.password } });
    merchantLogin = { username, password: merchantLogin.password };
    const walker = await signIn(server, 'ux-walker');
    await syncSteps(server, walker, 12_000);
    browser = await launchChromium();
    page = await open();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('item 1: a double tap on 同步今日步数 sends one sync, and the notice says what that sync credited', async () => {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    await page.locator('[data-testid=sandbox-steps] input').fill('6000');
    const before = sent('POST /api/v1/steps/sync');
    await doubleTap(page, 'sync');
    await expect.poll(() => page.locator('[data-testid=notice]').textContent(), { timeout: 10_000 }).toBe('到账 180 金币');
    await page.waitForTimeout(300);
    expect(sent('POST /api/v1/steps/sync') - before).toBe(1);
    expect(await page.locator('[data-testid=balance]').textContent()).toBe('180');
  });

  it('item 1: a grey 保存 (weight 10) and a grey 登录 (empty form) send nothing', async () => {
    await page.getByText('我的', { exact: true }).click();
    await page.locator('[data-testid=weight] input').fill('10');
    const patches = sent('PATCH /api/v1/me/profile');
    await doubleTap(page, 'save-weight');
    await page.locator('[data-testid=staff-entrance]').click();
    await page.locator('.me [data-testid=open-console]').click();
    await expect.poll(() => page.locator('[data-testid=staff-login]').count(), { timeout: 10_000 }).toBe(1);
    const logins = sent('POST /api/v1/staff/login');
    await doubleTap(page, 'staff-login');
    await page.waitForTimeout(300);
    expect(sent('PATCH /api/v1/me/profile')).toBe(patches);
    expect(sent('POST /api/v1/staff/login')).toBe(logins);
  });

  it('item 2: a wrong staff password says the password is wrong, not that a session expired', async () => {
    await staffSignIn(page, merchantLogin.username, 'not-the-password');
    await expect.poll(() => page.locator('[data-testid=console-error]').textContent(), { timeout: 10_000 }).toBe('用户名或密码不对，请检查后重试。');
    await page.goBack();
  });

  it('item 2: a validation failure says in Chinese, beside the field at fault, what to fix', async () => {
    // Back from the console, Me may still be settling after its route transition; a tap that
    // landed before it listened is tapped again, as a person would.
    const nickname = page.locator('[data-testid=nickname-input] input');
    await expect
      .poll(async () => {
        if ((await nickname.count()) === 0) await page.locator('[data-testid=edit-profile]').click();
        return nickname.count();
      }, { timeout: 30_000 })
      .toBe(1);
    await nickname.fill('   ');
    await page.locator('[data-testid=save-profile]').click();
    const error = page.locator('[data-testid=field-error-nickname]');
    await expect.poll(() => error.count(), { timeout: 10_000 }).toBe(1);
    expect(await error.textContent()).toBe('昵称需为 1–32 个字');
    // Beside the field: just under the nickname box, not in a toast or at the page's end.
    const field = (await page.locator('[data-testid=nickname-input]').boundingBox())!;
    const shown = (await error.boundingBox())!;
    expect(shown.y - (field.y + field.height)).toBeLessThan(40);
    expect(shown.y).toBeGreaterThanOrEqual(field.y + field.height - 1);
    await page.locator('[data-testid=nickname-input] input').fill('新昵称小王');
    await page.locator('[data-testid=save-profile]').click();
    await expect.poll(() => page.locator('[data-testid=nickname]').textContent(), { timeout: 10_000 }).toBe('新昵称小王');
  });

  it('item 3: a page whose code fails to load says so with a retry, and the retry opens it once the code arrives', async () => {
    // Every code chunk not yet loaded fails, as when the server went away: Ranks' is one of them.
    await page.route(/\/(js|css)\/(?!app\.)[^/]+\.(js|css)$/, (route) => route.abort());
    await page.getByText('排行', { exact: true }).click();
    const failure = page.locator('[data-testid=load-failure]');
    await expect.poll(() => failure.textContent(), { timeout: 10_000 }).toMatch(/页面没有加载出来/);
    await page.unrouteAll();
    await page.locator('[data-testid=load-failure-retry]').click();
    await expect.poll(() => page.locator('[data-testid=my-rank]').textContent(), { timeout: 15_000 }).toMatch(/^我的排名2 · 6,000 步/);
    expect(await failure.count()).toBe(0);
  });

  it('item 4: the check-in box shows only in the check-in window, and after too many wrong codes the wait is shown', async () => {
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const community = (await call(server, 'POST', '/api/v1/ops/communities', { token: operator, body: { name: '体验徒步群', category: 'hiking' } })).body.community.id as string;
    const at = server.clock.at.getTime();
    const event = async (title: string, startsIn: number) =>
      (await call(server, 'POST', `/api/v1/ops/communities/${community}/events`, {
        token: operator,
        body: { title, place: '东门', startsAt: new Date(at + startsIn).toISOString(), endsAt: new Date(at + startsIn + 3_600_000).toISOString(), capacity: 10 },
      })).body.event as { id: string; checkinCode: string };
    const later = await event('两天后的徒步', 2 * 86_400_000);
    const soon = await event('马上开始的徒步', 10 * 60_000);
    const token = await userToken(page);
    await call(server, 'POST', `/api/v1/communities/${community}/join`, { token });
    for (const id of [later.id, soon.id]) await call(server, 'POST', `/api/v1/events/${id}/signup`, { token });

    await page.goto(`${server.url}/#/packages/communities/pages/detail/index?id=${community}`);
    const laterCard = page.locator('[data-testid=event]').filter({ hasText: '两天后的徒步' });
    const soonCard = page.locator('[data-testid=event]').filter({ hasText: '马上开始的徒步' });
    await expect.poll(() => laterCard.locator('[data-testid=checkin-window]').textContent(), { timeout: 10_000 }).toMatch(/^签到 .* 开放$/);
    expect(await laterCard.locator('[data-testid=checkin-code] input').count()).toBe(0);
    expect(await soonCard.locator('[data-testid=checkin-code] input').count()).toBe(1);

    const wrong = soon.checkinCode === '000000' ? '111111' : '000000';
    for (let attempt = 0; attempt < 5; attempt += 1) {
      await call(server, 'POST', `/api/v1/events/${soon.id}/checkin`, { token, body: { code: wrong } });
    }
    await soonCard.locator('[data-testid=checkin-code] input').fill(soon.checkinCode);
    await soonCard.locator('[data-testid=checkin]').click();
    await expect.poll(() => page.locator('.detail [data-testid=notice]').textContent(), { timeout: 10_000 }).toMatch(/^签到码错误次数太多，请 \d+ 分钟后再试（\d+ 秒）。$/);
    expect(await soonCard.locator('[data-testid=checkin-wait]').textContent()).toMatch(/分钟后再试/);
    // The box stays shut while the wait runs: another tap sends nothing.
    const checkins = sent(`POST /api/v1/events/${soon.id}/checkin`);
    await soonCard.locator('[data-testid=checkin]').click({ force: true });
    await page.waitForTimeout(300);
    expect(sent(`POST /api/v1/events/${soon.id}/checkin`)).toBe(checkins);
  });

  it('item 9: consoles are behind a small staff entrance for ordinary users, and shown once staff signed in here', async () => {
    await page.goto(`${server.url}/#/pages/me/index`);
    await expect.poll(() => page.locator('[data-testid=me-balance]').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('.me [data-testid=open-console]').count()).toBe(0);
    expect(await page.locator('.me [data-testid=open-ops]').count()).toBe(0);
    expect(await page.locator('[data-testid=staff-entrance]').count()).toBe(1);
    const merchant = await open();
    await merchant.goto(`${server.url}/#/packages/merchant/pages/console/index`);
    await staffSignIn(merchant, merchantLogin.username, merchantLogin.password);
    await expect.poll(() => merchant.locator('[data-testid=merchant-stats]').count(), { timeout: 10_000 }).toBe(1);
    // A browser has no scanner: typing the code is offered, the scan button is not.
    expect(await merchant.locator('[data-testid=scan]').count()).toBe(0);
    await merchant.goto(`${server.url}/#/pages/me/index`);
    await expect.poll(() => merchant.locator('.me [data-testid=open-console]').count(), { timeout: 15_000 }).toBe(1);
    expect(await merchant.locator('[data-testid=staff-entrance]').count()).toBe(0);
    await merchant.goto(`${server.url}/#/packages/merchant/pages/console/index`);
    // While the router swaps pages, the console opened before is on screen beside the new one for a moment.
    const signOut = merchant.locator('[data-testid=merchant-sign-out]:visible');
    await expect.poll(() => signOut.count(), { timeout: 10_000 }).toBe(1);
    await signOut.click();
    await expect.poll(() => merchant.locator('[data-testid=staff-login]').count(), { timeout: 10_000 }).toBe(1);
  });

  it('item 9: 退出登录 signs out for good, and signing in again starts a fresh sandbox user', async () => {
    const before = await userToken(page);
    const me = (await call(server, 'GET', '/api/v1/me', { token: before })).body.user as { id: string };
    await page.locator('[data-testid=sign-out]').click();
    await expect.poll(() => page.locator('[data-testid=signed-out]').count(), { timeout: 10_000 }).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('[data-testid=signed-out]').count(), { timeout: 15_000 }).toBe(1);
    await page.getByText('首页', { exact: true }).click();
    await expect.poll(() => page.locator('[data-testid=signed-out]:visible').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('[data-testid=balance]').count()).toBe(0);
    await page.locator('[data-testid=sign-in]:visible').click();
    await expect.poll(() => page.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    const after = (await call(server, 'GET', '/api/v1/me', { token: await userToken(page) })).body.user as { id: string };
    expect(after.id).not.toBe(me.id);
  });

  it('a lost connection says so with a retry, and the retry works once the connection is back', async () => {
    const offline = await open();
    await offline.goto(`${server.url}/`);
    await expect.poll(() => offline.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    const context = offline.context();
    await context.setOffline(true);
    await offline.locator('[data-testid=sandbox-steps] input').fill('4000');
    await offline.locator('[data-testid=sync]').click();
    const failure = offline.locator('[data-testid=load-failure]');
    await expect.poll(() => failure.textContent(), { timeout: 10_000 }).toMatch(/网络已断开/);
    await expect.poll(() => offline.locator('[data-testid=notice]').textContent(), { timeout: 10_000 }).toMatch(/网络/);
    expect(await offline.locator('[data-testid=balance]').textContent()).toBe('0');
    // Still away: the retry keeps the app and says the connection is down, not the browser's error page.
    await offline.locator('[data-testid=load-failure-retry]').click();
    await offline.waitForTimeout(500);
    expect(await failure.textContent()).toMatch(/网络已断开/);
    expect(await offline.locator('[data-testid=balance]').count()).toBe(1);
    await context.setOffline(false);
    await offline.locator('[data-testid=load-failure-retry]').click();
    await expect.poll(() => failure.count(), { timeout: 15_000 }).toBe(0);
    await expect.poll(() => offline.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    await offline.locator('[data-testid=sandbox-steps] input').fill('4000');
    await offline.locator('[data-testid=sync]').click();
    await expect.poll(() => offline.locator('[data-testid=notice]').textContent(), { timeout: 10_000 }).toMatch(/^到账 [1-9]\d* 金币$/);
  });

  it('ran without a script error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
