import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumAvailable, JOURNEY_STEP_TIMEOUT_MS, launchChromium, openPage, staffSignIn } from '../support/browser.js';
import { apiAs, call, orFail, syncSteps } from '../support/client.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { buildMiniapp } from '../support/miniapp-build.js';
import { availableServices } from '../support/services.js';

const services = await availableServices();
const browserReady = chromiumAvailable();
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS === '1' ? new URL('../../docs/screenshots/', import.meta.url).pathname : null;
const MINUTE = 60_000;
const MERCHANT = { username: 'west-sports', password: 'west-sports-1' };

/**
 * Digital venues in real browsers: a merchant sets up the venue an operator opened for them in the
 * merchant console (a walk-in pool, and a table-tennis hall with its weekly slots) and sends it for
 * review; an operator approves it in the operators' console; a user earns coins, books a slot on the
 * phone and shows the pass; the merchant's gate (another browser) lets them in with its code and,
 * 45 minutes later on the BFF's clock, out again; the receipt shows calories and coins, and the
 * wallet history and the venue's live screen agree. Then a walk-in swim, let out from the list of
 * people inside, paid by the half hour and capped by the day's workout coins.
 */
describe.skipIf(!browserReady)('venues in Chromium', { timeout: JOURNEY_STEP_TIMEOUT_MS }, () => {
  let server: TestServer;
  let browser: Browser;
  let user: Page;
  let gate: Page;
  let screen: Page;
  let operator: Page;
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let venueId = '';
  let nickname = '';

  async function open(size: 'phone' | 'desktop' = 'phone'): Promise<Page> {
    const { context, page } = await openPage(browser, server.clock.at, pageErrors, size);
    contexts.push(context);
    return page;
  }
  const $ = (page: Page, root: string, id: string) => page.locator(`[data-testid=${root}] [data-testid=${id}]`);

  /** Moves the BFF's clock, and every browser's with it. */
  async function advance(ms: number) {
    server.clock.advance(ms);
    for (const page of [user, gate, screen]) await page.clock.setFixedTime(server.clock.at);
  }

  /** A fresh pass on the user's phone (the page asks for one when it opens): its code. */
  async function showPass(): Promise<string> {
    await user.goto(`${server.url}/#/packages/venues/pages/pass/index`);
    await user.reload();
    const code = $(user, 'pass', 'pass-qr');
    await expect.poll(() => code.getAttribute('data-text'), { timeout: 10_000 }).toMatch(/^[A-Z2-9]{20}$/);
    expect(await $(user, 'pass', 'pass-countdown').textContent()).toMatch(/^\d+ 秒后自动刷新$/);
    return (await code.getAttribute('data-text')) as string;
  }

  async function atGate(facility: string, code: string, direction: 'enter' | 'exit') {
    await gate.locator('[data-testid=gate-facility]').filter({ hasText: facility }).click();
    await gate.locator('[data-testid=gate-code] input').fill(code.toLowerCase());
    await gate.locator(`[data-testid=gate-${direction}]`).click();
  }

  async function walletLines(): Promise<string[]> {
    await user.goto(`${server.url}/#/packages/wallet/pages/history/index`);
    await user.reload();
    const rows = user.locator('[data-testid=history-item]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    return rows.evaluateAll((items) => items.map((item) => `${item.querySelector('.entry__kind')?.textContent} ${item.querySelector('.entry__amount')?.textContent}`));
  }

  beforeAll(async () => {
    const h5 = buildMiniapp('h5');
    server = await startTestServer(services.mysql && services.redis ? 'mysql+redis' : 'sqlite', { ...WITH_OPERATOR, H5_DIST: h5 });
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const created = await call(server, 'POST', '/api/v1/ops/merchants', { token: operator, body: { name: '城西运动', ...MERCHANT } });
    const openingHours = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '07:00', closes: '22:00' }));
    const { venue } = await orFail('venue', apiAs(server, operator).createVenue({ body: { merchantId: created.body.merchant.id, name: '城西运动中心', address: '文一西路 1 号', openingHours } }));
    venueId = venue.id;
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.stop();
  });

  it('lets the merchant set up a walk-in pool and a table-tennis hall with weekly slots in the console, and send the venue for review', async () => {
    const setup = await open('desktop');
    await setup.goto(`${server.url}/#/packages/merchant/pages/facilities/index`);
    await staffSignIn(setup, MERCHANT.username, MERCHANT.password);
    await expect.poll(() => setup.locator('[data-testid=venue-status]').textContent(), { timeout: 10_000 }).toBe('场馆状态：草稿');
    const notice = setup.locator('[data-testid=facilities-notice]');

    async function addFacility(kind: 'walk_in' | 'booking', activity: string, fields: Record<string, string>) {
      await setup.locator('[data-testid=new-facility]').click();
      const form = setup.locator('[data-testid=new-facility-form]');
      await form.locator(`[data-testid=facility-kind-${kind}]`).click();
      await form.locator('[data-testid=facility-activity]').filter({ hasText: new RegExp(`^${activity}$`) }).click();
      for (const [field, value] of Object.entries(fields)) await form.locator(`[data-testid=facility-${field}] input`).fill(value);
      await form.locator('[data-testid=save-facility]').click();
      await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe(`已新增「${fields.name}」`);
    }
    // The pool's price per half hour, the hall's cancellation deadline; 120 minutes is the form's longest stay.
    await addFacility('walk_in', '游泳', { name: '恒温泳池', capacity: '10', pricePerPeriod: '10' });
    await addFacility('booking', '乒乓球', { name: '乒乓球馆', capacity: '8', cancelDeadlineMinutes: '60' });
    const cards = setup.locator('[data-testid=edit-facility]');
    await expect.poll(() => cards.locator('.facilities__name').allTextContents(), { timeout: 10_000 }).toEqual([
      '恒温泳池 · 随到随玩（按半小时计费）',
      '乒乓球馆 · 预约时段',
    ]);

    // Weekly slots of the hall: Mondays and Saturdays at 10:10, an hour for 4 players at 50 coins. The clock is Monday 10:00.
    const hall = cards.filter({ hasText: '乒乓球馆' });
    const rows = hall.locator('[data-testid=pattern-row]');
    for (const day of ['一', '六']) {
      await hall.locator('[data-testid=add-pattern-row]').click();
      const row = rows.last();
      await row.locator('.pattern__day').filter({ hasText: new RegExp(`^${day}$`) }).click();
      await row.locator('[data-testid=pattern-start] input').fill('10:10');
      await row.locator('[data-testid=pattern-durationMinutes] input').fill('60');
      await row.locator('[data-testid=pattern-capacity] input').fill('4');
      await row.locator('[data-testid=pattern-priceCoins] input').fill('50');
    }
    await hall.locator('[data-testid=save-pattern]').click();
    // Today's and Saturday's: the slots of the next 7 days.
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe('已保存，未来 7 天共 2 个时段');

    await setup.locator('[data-testid=submit-venue]').click();
    await expect.poll(() => notice.textContent(), { timeout: 10_000 }).toBe('已提交审核');
    await expect.poll(() => setup.locator('[data-testid=venue-status]').textContent(), { timeout: 10_000 }).toBe('场馆状态：审核中');
  });

  it("goes live once an operator approves it in the operators' console", async () => {
    operator = await open('desktop');
    await operator.goto(`${server.url}/#/packages/ops/pages/console/index`);
    await staffSignIn(operator, OPERATOR.username, OPERATOR.password);
    await operator.locator('[data-testid=ops-tab-venues]').click();
    const queued = operator.locator('[data-testid=review-venue]');
    await expect.poll(() => queued.count(), { timeout: 10_000 }).toBe(1);
    expect(await queued.locator('[data-testid=review-venue-facility]').allTextContents()).toEqual([
      '恒温泳池 · 游泳 · 随到随玩 · 容量 10 · 10 金币/半小时',
      '乒乓球馆 · 乒乓球 · 预约 · 容量 8',
    ]);
    await queued.locator('[data-testid=approve-venue]').click();
    await expect.poll(() => operator.locator('[data-testid=venues-notice]').textContent(), { timeout: 10_000 }).toBe('已上线「城西运动中心」');
  });

  it('lets a user with coins from steps find the venue, see how full it is, and book a slot after confirming its price', async () => {
    user = await open();
    await user.goto(`${server.url}/`);
    await expect.poll(() => user.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('0');
    // Taro's H5 storage keeps each value as JSON {"data": value}. Steps are the journeys of other tests: synced here by API.
    const stored = (await user.evaluate("localStorage.getItem('cb.token')")) as string;
    const me = { name: 'swimmer', id: '', token: (JSON.parse(stored) as { data: string }).data };
    expect((await syncSteps(server, me, 8000)).status).toBe(200);
    nickname = (await call(server, 'GET', '/api/v1/me', { token: me.token })).body.user.nickname;
    await user.reload();
    await expect.poll(() => user.locator('[data-testid=balance]').textContent(), { timeout: 15_000 }).toBe('240');

    await user.locator('[data-testid=venues-link]').click();
    const card = $(user, 'venues', 'venue');
    await expect.poll(() => card.count(), { timeout: 10_000 }).toBe(1);
    expect(await card.locator('[data-testid=facility-name]').allTextContents()).toEqual(['恒温泳池 · 游泳', '乒乓球馆 · 乒乓球']);
    expect(await card.locator('[data-testid=occupancy]').evaluateAll((bars) => bars.map((bar) => bar.textContent))).toEqual(['在场 0/10', '在场 0/8']);
    if (SCREENSHOTS) await user.screenshot({ path: `${SCREENSHOTS}venues-list.png` });

    await card.click();
    const slot = $(user, 'venue-detail', 'slot').first();
    await expect.poll(() => slot.textContent(), { timeout: 10_000 }).toBe('10:10–11:1050 金币 · 剩 4 位预约');
    await slot.locator('[data-testid=book-slot]').click();
    expect(await $(user, 'venue-detail', 'book-confirm').textContent()).toMatch(/^确认预约「乒乓球馆」今天 10:10–11:10，支付 50 金币？运动 60 分钟约消耗 240 千卡，可得 240 运动金币/);
    await $(user, 'venue-detail', 'confirm-book').click();
    await expect.poll(() => $(user, 'venue-detail', 'book-notice').textContent(), { timeout: 10_000 }).toBe('预约成功，到场后出示入场码');
    // The slot now says it is booked, with the answer in its row, instead of offering to book it again.
    await expect.poll(() => slot.textContent()).toBe('10:10–11:1050 金币 · 剩 3 位已预约预约成功，到场后出示入场码');
    expect(await slot.locator('[data-testid=book-slot]').count()).toBe(0);
    if (SCREENSHOTS) await user.screenshot({ path: `${SCREENSHOTS}venues-detail.png` });

    await user.goto(`${server.url}/#/packages/venues/pages/bookings/index`);
    await user.reload();
    const booking = $(user, 'bookings', 'booking');
    await expect.poll(() => booking.locator('[data-testid=booking-status]').textContent(), { timeout: 10_000 }).toBe('待使用');
    expect(await booking.locator('[data-testid=booking-time]').textContent()).toBe('06-15 10:10–11:10 · 50 金币');
  });

  it("lets the booked user in at the merchant's gate with the pass code, and the live screen shows them inside", async () => {
    const code = await showPass();
    if (SCREENSHOTS) await user.screenshot({ path: `${SCREENSHOTS}venues-pass.png` });
    gate = await open('desktop');
    await gate.goto(`${server.url}/#/packages/merchant/pages/gate/index`);
    await staffSignIn(gate, MERCHANT.username, MERCHANT.password);
    await expect.poll(() => gate.locator('[data-testid=gate-venue-name]').textContent(), { timeout: 10_000 }).toBe('城西运动中心');
    await atGate('乒乓球馆', code, 'enter');
    await expect.poll(() => gate.locator('[data-testid=gate-notice]').textContent(), { timeout: 10_000 }).toBe(`已入场：${nickname}（已预约）`);
    // A code is good for one pass of the gate.
    await atGate('乒乓球馆', code, 'exit');
    await expect.poll(() => gate.locator('[data-testid=gate-notice]').textContent(), { timeout: 10_000 }).toBe('入场码无效或已过期，请刷新后重新出示。');

    screen = await open('desktop');
    await screen.goto(`${server.url}/#/packages/merchant/pages/live/index?venue=${venueId}`);
    await staffSignIn(screen, MERCHANT.username, MERCHANT.password);
    const hall = screen.locator('[data-testid=live-facility]').filter({ hasText: '乒乓球馆' });
    await expect.poll(() => hall.locator('[data-testid=live-inside]').textContent(), { timeout: 10_000 }).toBe('1 / 8');
    expect(await hall.locator('[data-testid=live-person]').allTextContents()).toEqual([`${nickname}10:00 入场 · 已 0 分钟`]);
  });

  it('lets them out 45 minutes later with a fresh code, and the receipt, the wallet and the live screen agree', async () => {
    await advance(45 * MINUTE);
    await atGate('乒乓球馆', await showPass(), 'exit');
    await expect.poll(() => gate.locator('[data-testid=gate-receipt]').textContent(), { timeout: 10_000 }).toBe('已离场停留45 分钟费用0 金币消耗180 千卡获得+180 金币');
    // Table tennis at 60 kg: floor(40 × 60 × 45 / 600) = 180 kcal, one coin each.
    const receipt = $(user, 'pass', 'receipt');
    await user.reload();
    await expect.poll(() => receipt.textContent(), { timeout: 10_000 }).toBe('45 分钟时长预约已付 50场地费180 千卡消耗+180运动金币');
    const hall = screen.locator('[data-testid=live-facility]').filter({ hasText: '乒乓球馆' });
    await expect.poll(() => hall.locator('[data-testid=live-inside]').textContent(), { timeout: 15_000 }).toBe('0 / 8');
    expect(await walletLines()).toEqual(['运动奖励 +180', '场馆预约 -50', '步数奖励 +240']);
  });

  it('holds the fee of the longest stay for a walk-in swim, charges each half hour started and caps the workout coins of the day', async () => {
    const code = await showPass();
    await atGate('恒温泳池', code, 'enter');
    await expect.poll(() => gate.locator('[data-testid=gate-notice]').textContent(), { timeout: 10_000 }).toBe(`已入场：${nickname}，冻结 40 金币`);
    const pool = screen.locator('[data-testid=live-facility]').filter({ hasText: '恒温泳池' });
    await expect.poll(() => pool.locator('[data-testid=live-inside]').textContent(), { timeout: 15_000 }).toBe('1 / 10');
    if (SCREENSHOTS) await screen.screenshot({ path: `${SCREENSHOTS}venues-live.png` });
    expect((await walletLines())[0]).toBe('入场预扣 -40');

    await advance(45 * MINUTE);
    await gate.locator('[data-testid=gate-facility]').filter({ hasText: '恒温泳池' }).click();
    const person = gate.locator('[data-testid=gate-person]').filter({ hasText: nickname });
    await expect.poll(() => person.count(), { timeout: 10_000 }).toBe(1);
    await person.locator('[data-testid=gate-let-out]').click();
    // Letting out charges the fee: the merchant is asked first.
    await person.locator('[data-testid=gate-let-out-confirm]').click();
    // Swimming: floor(60 × 60 × 45 / 600) = 270 kcal, but 180 of the day's 300 workout coins are paid already.
    await expect.poll(() => gate.locator('[data-testid=gate-receipt]').textContent(), { timeout: 10_000 }).toBe('已离场停留45 分钟费用20 金币消耗270 千卡获得+120 金币');
    if (SCREENSHOTS) await gate.screenshot({ path: `${SCREENSHOTS}venues-gate.png` });
    await expect.poll(() => pool.locator('[data-testid=live-inside]').textContent(), { timeout: 15_000 }).toBe('0 / 10');

    expect((await walletLines()).slice(0, 3)).toEqual(['运动奖励 +120', '预扣退回 +20', '入场预扣 -40']);
    await user.goto(`${server.url}/#/packages/venues/pages/visits/index`);
    await user.reload();
    const visits = $(user, 'visits', 'visit');
    await expect.poll(() => visits.locator('[data-testid=receipt]').allTextContents(), { timeout: 10_000 }).toEqual([
      '45 分钟时长20 金币场地费270 千卡消耗+120运动金币',
      '45 分钟时长预约已付 50场地费180 千卡消耗+180运动金币',
    ]);
    if (SCREENSHOTS) await user.screenshot({ path: `${SCREENSHOTS}venues-visits.png` });
    await user.goto(`${server.url}/`);
    await user.reload();
    await expect.poll(() => user.locator('[data-testid=workout-coins-today]').textContent(), { timeout: 10_000 }).toBe('今日运动金币 +300');
    expect(await user.locator('[data-testid=balance]').textContent()).toBe('470');

    await operator.locator('[data-testid=ops-tab-overview]').click();
    await operator.clock.setFixedTime(server.clock.at);
    await operator.reload();
    await expect.poll(() => operator.locator('[data-testid=stat-venues]').textContent(), { timeout: 10_000 }).toBe(
      '场馆入场 2 人次 · 预约 1 单场地费 20 · 预约收入 50 金币运动金币 300',
    );
  });

  it("shows the merchant the day's visits, bookings and revenue of the venue in the console", async () => {
    await gate.goto(`${server.url}/#/packages/merchant/pages/console/index`);
    await gate.reload();
    // Two visits (the booked table tennis, the swim), one booking of 50 coins and a 20-coin swim.
    await expect.poll(() => gate.locator('[data-testid=merchant-venue-stats]').textContent(), { timeout: 10_000 }).toBe('场馆今日：入场 2 人次 · 预约 1 单 · 收入 70 金币');
  });

  it('ran without a script error in any page', () => {
    expect(pageErrors).toEqual([]);
  });
});
