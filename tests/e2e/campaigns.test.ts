import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { call } from '../support/client.js';
import { createCommunity } from '../support/campaigns.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;
const DAY = 86_400_000;

/**
 * A campaign from the operators' console to the users' phones: an operator creates a double-coin
 * campaign for a hiking community in a desktop browser; a member's sync earns double and a
 * non-member's does not; the 300-coin budget runs out and the bonus stops, which the mini-program
 * says; a member finds the community's board and checks in at its event; the operator adds budget
 * and settles the day, and the top member is paid the prize; last, the operator freezes a user.
 */
describe.skipIf(!browserReady)('a community campaign in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  let operator: Page;
  let alice: Page;
  let bob: Page;
  let carol: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  const day = '2026-06-15';
  let hikers = '';

  async function open(screen: 'phone' | 'desktop' = 'phone'): Promise<Page> {
    const { context, page } = await openPage(browser, server.clock.at, pageErrors, screen);
    contexts.push(context);
    return page;
  }

  /** Opens Home on a fresh phone: the sandbox signs in a new user with no coins. */
  async function signedInHome(page: Page) {
    await page.goto(`${server.url}/`);
    await expect.poll(() => page.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
  }

  async function joinHikers(page: Page) {
    await page.locator('[data-testid=communities-link]').click();
    const hikers = page.locator('[data-testid=community]').filter({ hasText: '周末徒步群' });
    await expect.poll(() => hikers.count(), { timeout: 10_000 }).toBe(1);
    await hikers.locator('[data-testid=join-community]').click();
    await expect.poll(() => hikers.locator('[data-testid=community-joined]').count()).toBe(1);
    await page.goBack();
  }

  async function sync(page: Page, steps: number): Promise<string> {
    await page.locator('[data-testid=sandbox-steps] input').fill(String(steps));
    await page.locator('[data-testid=sync]').click();
    const notice = page.locator('[data-testid=notice]');
    await expect.poll(async () => ((await notice.count()) > 0 ? notice.textContent() : null), { timeout: 10_000 }).not.toBeNull();
    await expect.poll(() => page.locator('[data-testid=sync]').textContent()).toBe('同步今日步数');
    return (await notice.textContent()) ?? '';
  }

  async function userOf(page: Page): Promise<{ id: string; nickname: string }> {
    // Taro's H5 storage keeps each value as JSON {"data": value}.
    const stored = (await page.evaluate("localStorage.getItem('cb.token')")) as string;
    const token = (JSON.parse(stored) as { data: string }).data;
    const me = await call(server, 'GET', '/api/v1/me', { token });
    return me.body.user;
  }

  async function tab(name: string) {
    await operator.locator(`[data-testid=ops-tab-${name}]`).click();
  }

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { ...WITH_OPERATOR, H5_DIST: h5 });
    const token = await staffToken(server, OPERATOR.username, OPERATOR.password);
    hikers = await createCommunity(server, token, '周末徒步群', 'hiking');
    await createCommunity(server, token, '城市骑行', 'cycling');
    browser = await launchChromium();
    operator = await open('desktop');
    [alice, bob, carol] = [await open(), await open(), await open()];
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('lets an operator sign in to the console in a desktop browser and create a double-coin campaign for the hikers', async () => {
    await operator.goto(`${server.url}/#/packages/ops/pages/console/index`);
    await staffSignIn(operator, OPERATOR.username, OPERATOR.password);
    await expect.poll(() => operator.locator('[data-testid=stat-users]').textContent(), { timeout: 10_000 }).toBe('0');

    await tab('campaigns');
    await operator.locator('[data-testid=new-campaign]').click();
    await operator.locator('[data-testid=campaign-name] input').fill('徒步双倍周');
    await operator.locator('[data-testid=campaign-community]').filter({ hasText: '周末徒步群' }).click();
    await operator.locator('[data-testid=campaign-budget] input').fill('300');
    await operator.locator('[data-testid=campaign-prizes] input').fill('500');
    await operator.locator('[data-testid=campaign-multiplier] input').fill('50');
    await operator.locator('[data-testid=create-campaign]').click();
    await expect.poll(() => operator.locator('[data-testid=field-error-multiplierPercent]').textContent()).toBe('倍数为 100 到 1000 之间的整数');
    await operator.locator('[data-testid=campaign-multiplier] input').fill('200');
    await operator.locator('[data-testid=create-campaign]').click();
    await expect.poll(() => operator.locator('[data-testid=campaigns-notice]').textContent(), { timeout: 10_000 }).toBe('已创建「徒步双倍周」');
    // The notice comes first; the list follows once it has reloaded.
    const card = operator.locator('[data-testid=ops-campaign]');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.textContent()).toMatch(new RegExp(`徒步双倍周进行中${day} 至 ${day} · 参与对象：周末徒步群金币 ×2 · 榜单奖金 500`));
    expect(await card.locator('[data-testid=ops-campaign-budget]').textContent()).toBe('预算剩余 300 / 300');
  });

  it("pays a member double and a non-member the usual coins, and shows the campaign only to the member", async () => {
    await signedInHome(alice);
    await joinHikers(alice);
    await expect.poll(() => alice.locator('[data-testid=campaign]').textContent(), { timeout: 10_000 }).toMatch(/^徒步双倍周金币 ×2今日已得 0 活动金币/);
    await alice.locator('[data-testid=sandbox-steps] input').fill('6000');
    await expect.poll(() => alice.locator('[data-testid=campaign-preview]').textContent()).toBe('活动加成预计再得 180 金币');
    expect(await sync(alice, 6000)).toBe('到账 360 金币（含活动加成 180）');
    expect(await alice.locator('[data-testid=balance]').textContent()).toBe('360');

    await signedInHome(carol);
    expect(await sync(carol, 6000)).toBe('到账 180 金币');
    expect(await carol.locator('[data-testid=campaign]').count()).toBe(0);
  });

  it('stops the bonus when the budget runs out, and says so', async () => {
    await signedInHome(bob);
    await joinHikers(bob);
    expect(await sync(bob, 5000)).toBe('到账 270 金币（含活动加成 120）');
    await expect.poll(() => bob.locator('[data-testid=campaign]').textContent()).toMatch(/活动预算已用完，加成已停止/);
    if (SCREENSHOTS) await bob.screenshot({ path: `${SCREENSHOTS}campaign.png` });

    expect(await sync(alice, 8000)).toBe('到账 60 金币');
    await expect.poll(() => alice.locator('[data-testid=campaign]').textContent()).toMatch(/活动预算已用完，加成已停止/);
    expect(await alice.locator('[data-testid=balance]').textContent()).toBe('420');

    await operator.reload();
    await expect.poll(() => operator.locator('[data-testid=stat-users]').textContent(), { timeout: 10_000 }).toBe('3');
    expect(await operator.locator('[data-testid=stat-issued]').textContent()).toBe('870');
    // The chart loads apart from the day's figures.
    await expect.poll(() => operator.locator('[data-testid=chart-syncs] [data-date="2026-06-15"]').getAttribute('data-value'), { timeout: 10_000 }).toBe('3');
    expect(await operator.locator('[data-testid=chart-issued] [data-date="2026-06-15"]').getAttribute('data-value')).toBe('870');
    if (SCREENSHOTS) await operator.screenshot({ path: `${SCREENSHOTS}ops-overview.png`, fullPage: true });
    await tab('campaigns');
    await expect.poll(() => operator.locator('[data-testid=ops-campaign-budget]').textContent(), { timeout: 10_000 }).toBe('预算剩余 0 / 300');
  });

  it("shows a member the community's board and lets them sign up and check in at its event with the code shown there", async () => {
    const token = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const startsAt = server.clock.at.getTime() + 10 * 60_000;
    const created = await call(server, 'POST', `/api/v1/ops/communities/${hikers}/events`, {
      token,
      body: { title: '香山夜徒步', place: '香山公园东门', startsAt: new Date(startsAt).toISOString(), endsAt: new Date(startsAt + 3 * 3_600_000).toISOString(), capacity: 2 },
    });
    const code: string = created.body.event.checkinCode;

    await alice.locator('[data-testid=communities-link]').click();
    await alice.locator('[data-testid=community]').filter({ hasText: '周末徒步群' }).locator('.community__body').click();
    await expect.poll(() => alice.locator('[data-testid=community-name]').textContent(), { timeout: 10_000 }).toBe('周末徒步群');
    expect(await alice.locator('[data-testid=member-count]').textContent()).toBe('2 位成员');
    const rows = alice.locator('[data-testid=community-rank-row]');
    expect(await rows.locator('.board-row__rank').allTextContents()).toEqual(['1', '2']);
    expect(await rows.locator('.board-row__steps').allTextContents()).toEqual(['8,000 步', '5,000 步']);

    const event = alice.locator('[data-testid=event]');
    expect(await event.locator('[data-testid=event-places]').textContent()).toBe('名额 0/2');
    await event.locator('[data-testid=signup]').click();
    await expect.poll(() => event.locator('[data-testid=event-status]').textContent(), { timeout: 10_000 }).toBe('已报名');
    expect(await event.locator('[data-testid=event-places]').textContent()).toBe('名额 1/2');
    await event.locator('[data-testid=checkin-code] input').fill(code === '000000' ? '111111' : '000000');
    await event.locator('[data-testid=checkin]').click();
    // Pages stay in the document under the one on top: the notice is the detail page's.
    const notice = alice.locator('.detail [data-testid=notice]');
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe('签到码不对，请看清现场展示的 6 位数字。');
    await event.locator('[data-testid=checkin-code] input').fill(code);
    await event.locator('[data-testid=checkin]').click();
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe('签到成功');
    await expect.poll(() => event.locator('[data-testid=event-status]').textContent()).toBe('已签到');
    if (SCREENSHOTS) await alice.screenshot({ path: `${SCREENSHOTS}community.png` });
    await alice.goto(`${server.url}/`);
  });

  it('settles the day once it has closed and pays the top member the prize', async () => {
    await operator.locator('[data-testid=top-up-amount] input').fill('1000');
    await operator.locator('[data-testid=top-up]').click();
    await expect.poll(() => operator.locator('[data-testid=ops-campaign-budget]').textContent(), { timeout: 10_000 }).toBe('预算剩余 1,000 / 1,300');

    await tab('overview');
    await operator.locator('[data-testid=settle-date] input').fill(day);
    await operator.locator('[data-testid=settle]').click();
    await expect.poll(() => operator.locator('[data-testid=settle-notice]').textContent(), { timeout: 10_000 }).toBe('这一天还能同步步数，暂时不能结算。');

    server.clock.advance(2 * DAY);
    for (const page of [operator, alice]) await page.clock.setFixedTime(server.clock.at);
    await operator.reload();
    await expect.poll(() => operator.locator('[data-testid=settle-date] input').inputValue(), { timeout: 10_000 }).toBe(day);
    await operator.locator('[data-testid=settle]').click();
    await expect.poll(() => operator.locator('[data-testid=settle-notice]').textContent(), { timeout: 15_000 }).toMatch(new RegExp(`^${day} 已结算：\\d+ 个榜单，奖金 500 金币$`));

    await alice.reload();
    await expect.poll(() => alice.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('920');
    await alice.goto(`${server.url}/#/packages/wallet/pages/history/index`);
    await expect.poll(() => alice.locator('body').textContent(), { timeout: 10_000 }).toMatch(/榜单奖金.*\+500/);
  });

  it('freezes a user from the console with a reason, and their next sync is refused in words', async () => {
    const member = await userOf(bob);
    await tab('users');
    await operator.locator('[data-testid=user-search] input').fill(member.id);
    await operator.locator('[data-testid=user-search-go]').click();
    // An id also matches nicknames holding those digits: the user with that id is one of the rows.
    const row = operator.locator('[data-testid=ops-user]').filter({ hasText: `ID ${member.id} ·` });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBe(1);
    expect(await row.locator('[data-testid=user-meta]').textContent()).toBe(`ID ${member.id} · 支付宝 · 余额 270 金币`);
    await row.locator('.ops-card__head').click();
    await row.locator('[data-testid=freeze-user]').click();
    await expect.poll(() => row.locator('[data-testid=field-error-reason]').textContent()).toBe('请填写原因');
    await row.locator('[data-testid=user-reason] input').fill('步数重放嫌疑');
    await row.locator('[data-testid=freeze-user]').click();
    // Freezing is asked about first, naming the user.
    expect(await row.locator('[data-testid=confirm-freeze-user-question]').textContent()).toContain(member.id);
    await row.locator('[data-testid=confirm-freeze-user-yes]').click();
    await expect.poll(() => row.locator('[data-testid=user-frozen]').count(), { timeout: 10_000 }).toBe(1);

    await bob.clock.setFixedTime(server.clock.at);
    await bob.reload();
    await expect.poll(() => bob.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('270');
    expect(await sync(bob, 3000)).toBe('账户已被冻结，请联系客服。');

    await tab('audit');
    await expect.poll(() => operator.locator('[data-testid=audit-action]').allTextContents(), { timeout: 10_000 }).toEqual([
      '冻结用户',
      '日终结算',
      '修改活动',
      '创建活动场次',
      '创建活动',
      '创建社群',
      '创建社群',
    ]);
    expect(await operator.locator('[data-testid=audit-reason]').first().textContent()).toBe('步数重放嫌疑');
    if (SCREENSHOTS) await operator.screenshot({ path: `${SCREENSHOTS}ops-audit.png` });
  });

  it('ran without a script error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
