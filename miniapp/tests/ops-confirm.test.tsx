import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes, refusal, staffSignedIn } from './fake-taro';
import { type, valueOf } from './fields';

/** The BFF as the console sees it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { Users } = await import('../src/packages/ops/sections/Users');
const { CollectiblesSection } = await import('../src/packages/ops/sections/Collectibles');
const { ContentSection, contentRequest } = await import('../src/packages/ops/sections/Content');
const { Moderation } = await import('../src/packages/ops/sections/Moderation');
const { Campaigns } = await import('../src/packages/ops/sections/Campaigns');

const USER = { id: '42', nickname: '山野徒步客', platform: 'wechat', frozen: false, balance: 300, createdAt: '2026-06-01T00:00:00.000Z' };

/** The BFF answering `routes[method path]`, the client configuration unavailable, and anything else with 404. */
const answering = (routes: Record<string, (body: unknown) => unknown>) => answerRoutes(bff, routes);

/** The requests sent as `method path`, with their bodies. */
const sent = (method: string, path: string) => bff.mock.calls.filter(([m, p]) => m === method && p === path).map(([, , body]) => body);

const click = (testId: string) => act(async () => fireEvent.click(screen.getByTestId(testId)));

beforeEach(() => {
  bff.mockReset();
  staffSignedIn(storage, 'operator');
});

describe('freezing a user and adjusting a balance', () => {
  async function openUser() {
    render(<Users />);
    const row = await screen.findByTestId('ops-user');
    await act(async () => fireEvent.click(row.querySelector('.ops-card__head')!));
  }

  it('names the user and asks before freezing; the way back sends nothing, and the confirm sends once', async () => {
    answering({
      'GET /ops/users': () => [200, { items: [USER], nextCursor: null }],
      'POST /ops/users/42/freeze': () => [200, { user: { ...USER, frozen: true } }],
    });
    await openUser();
    expect(screen.getByTestId('user-meta').textContent).toBe('ID 42 · 微信 · 余额 300 金币');
    type('user-reason', '步数重放嫌疑');
    await click('freeze-user');
    expect(screen.getByTestId('confirm-freeze-user-question').textContent).toBe('冻结「山野徒步客」（ID 42）的账户？冻结后这个账户不能再同步、兑换或发帖，直到解冻。');
    await click('confirm-freeze-user-back');
    expect(screen.queryByTestId('confirm-freeze-user')).toBeNull();
    expect(sent('POST', '/ops/users/42/freeze')).toEqual([]);

    await click('freeze-user');
    const yes = screen.getByTestId('confirm-freeze-user-yes');
    fireEvent.click(yes);
    fireEvent.click(yes);
    await waitFor(() => expect(screen.getByTestId('user-notice').textContent).toBe('已冻结 山野徒步客'));
    expect(sent('POST', '/ops/users/42/freeze')).toEqual([{ reason: '步数重放嫌疑' }]);
    expect(screen.getByTestId('user-frozen').textContent).toBe('已冻结');
  });

  it('says beside the amount what is wrong with it, keeps the reason typed, and forgets the mistake once the amount is edited', async () => {
    answering({
      'GET /ops/users': () => [200, { items: [USER], nextCursor: null }],
      'POST /ops/adjustments': (body) => [201, { transactionId: '9', userId: '42', amount: (body as { amount: number }).amount, balance: 250 }],
    });
    await openUser();
    type('user-reason', '活动补偿');
    type('adjust-amount', '1.5');
    await click('adjust-user');
    expect(screen.getByTestId('field-error-amount').textContent).toBe('金额为非零整数，负数为扣减');
    expect(valueOf('user-reason')).toBe('活动补偿');
    expect(screen.queryByTestId('confirm-adjust-user')).toBeNull();

    type('adjust-amount', '-50');
    expect(screen.queryByTestId('field-error-amount')).toBeNull();
    await click('adjust-user');
    expect(screen.getByTestId('confirm-adjust-user-question').textContent).toBe('从「山野徒步客」扣减 50 金币？余额将从 300 变为 250，这一笔不能撤回。');
    await click('confirm-adjust-user-yes');
    await waitFor(() => expect(screen.getByTestId('user-notice').textContent).toBe('已调整 -50，余额 250'));
    expect(sent('POST', '/ops/adjustments')).toEqual([{ userId: '42', amount: -50, reason: '活动补偿' }]);
  });

  it('keeps the reason and the amount when the BFF refuses the adjustment', async () => {
    answering({
      'GET /ops/users': () => [200, { items: [USER], nextCursor: null }],
      'POST /ops/adjustments': () => refusal(409, 'INSUFFICIENT_BALANCE'),
    });
    await openUser();
    type('user-reason', '误发');
    type('adjust-amount', '-500');
    await click('adjust-user');
    await click('confirm-adjust-user-yes');
    await waitFor(() => expect(screen.getByTestId('user-notice').className).toContain('ops-notice--error'));
    expect(valueOf('user-reason')).toBe('误发');
    expect(valueOf('adjust-amount')).toBe('-500');
  });

  it('says beside the reason that one is needed, and forgets it once a reason is typed', async () => {
    answering({ 'GET /ops/users': () => [200, { items: [USER], nextCursor: null }] });
    await openUser();
    await click('freeze-user');
    expect(screen.getByTestId('field-error-reason').textContent).toBe('请填写原因');
    expect(screen.queryByTestId('confirm-freeze-user')).toBeNull();
    type('user-reason', '步数');
    expect(screen.queryByTestId('field-error-reason')).toBeNull();
  });
});

describe('ending a collectible series', () => {
  const SERIES = { id: '3', name: '万步金章', description: '', artworkUrl: '/media/a.png', editionSize: 50, issued: 12, rule: { kind: 'steps', campaignId: '1', steps: 10000 }, status: 'active' };

  it('says how many are out and that it cannot be resumed, and ends it only once confirmed', async () => {
    let ended = false;
    answering({
      'GET /ops/collectibles/series': () => [200, { items: [{ ...SERIES, status: ended ? 'ended' : 'active' }], nextCursor: null }],
      'POST /ops/collectibles/series/3/end': () => {
        ended = true;
        return [200, { series: { ...SERIES, status: 'ended' } }];
      },
    });
    render(<CollectiblesSection />);
    await screen.findByTestId('end-series');
    await click('end-series');
    expect(screen.getByTestId('confirm-end-series-question').textContent).toBe('结束「万步金章」的发行？已发行 12/50，结束后不再发放或出售，也不能恢复。');
    await click('confirm-end-series-back');
    expect(sent('POST', '/ops/collectibles/series/3/end')).toHaveLength(0);

    await click('end-series');
    const yes = screen.getByTestId('confirm-end-series-yes');
    fireEvent.click(yes);
    fireEvent.click(yes);
    await waitFor(() => expect(screen.queryByTestId('end-series')).toBeNull());
    expect(sent('POST', '/ops/collectibles/series/3/end')).toHaveLength(1);
    expect(screen.getByTestId('ops-series').textContent).toContain('已结束');
  });
});

describe('taking content down', () => {
  const ITEM = {
    id: '8', title: '自由泳分解教学', coverUrl: null, kind: 'video', tags: ['swimming'], excerpt: '', membersOnly: false, locked: false, likes: 3, views: 40,
    body: null, videoUrl: 'https://v.example.com/a.mp4', createdAt: '2026-06-01T00:00:00.000Z',
  };
  const HOUR = 3_600_000;

  it('shows the window on the business clock and takes a live item down only once confirmed, by the BFF', async () => {
    let item = { ...ITEM, visibleFrom: '2026-06-15T00:00:00.000Z', visibleUntil: null as string | null };
    answering({
      'GET /ops/content': () => [200, { items: [item], nextCursor: null }],
      // The BFF's clock runs a minute ahead of this console's: by the console's clock the window has not ended yet.
      'POST /ops/content/8/take-down': () => {
        item = { ...item, visibleUntil: new Date(Date.now() + 60_000).toISOString() };
        return [200, { item }];
      },
    });
    render(<ContentSection />);
    // 00:00 UTC is 08:00 in Beijing.
    expect((await screen.findByTestId('content-window')).textContent).toBe('2026-06-15 08:00 → 长期 · 3 赞 · 40 次观看');
    await click('take-down');
    expect(screen.getByTestId('confirm-take-down-question').textContent).toBe('立即下线「自由泳分解教学」？用户马上就看不到它，控制台不能让它再上线。');
    expect(sent('POST', '/ops/content/8/take-down')).toHaveLength(0);
    await click('confirm-take-down-yes');
    await waitFor(() => expect(sent('POST', '/ops/content/8/take-down')).toHaveLength(1));
    // The phone's clock sends no window: the BFF ends the item on its own.
    expect(sent('PATCH', '/ops/content/8')).toHaveLength(0);
    expect(await screen.findByText(/ · 已下线$/)).toBeTruthy();
    expect(screen.queryByTestId('take-down')).toBeNull();
  });

  it('asks differently before withdrawing an item not yet shown', async () => {
    const from = new Date(Date.now() + 48 * HOUR).toISOString();
    let item = { ...ITEM, visibleFrom: from, visibleUntil: null as string | null };
    answering({
      'GET /ops/content': () => [200, { items: [item], nextCursor: null }],
      'POST /ops/content/8/take-down': () => {
        item = { ...item, visibleFrom: new Date(Date.now() - 2).toISOString(), visibleUntil: new Date(Date.now() - 1).toISOString() };
        return [200, { item }];
      },
    });
    render(<ContentSection />);
    await screen.findByTestId('take-down');
    await click('take-down');
    expect(screen.getByTestId('confirm-take-down-question').textContent).toMatch(/^「自由泳分解教学」定于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 上线；现在下线，它就不会上线/);
    await click('confirm-take-down-yes');
    await waitFor(() => expect(sent('POST', '/ops/content/8/take-down')).toHaveLength(1));
    expect(await screen.findByText(/ · 已下线$/)).toBeTruthy();
    expect(screen.queryByTestId('take-down')).toBeNull();
  });

  it('reads the typed date and time on the business clock and sends the instant', () => {
    const form = { title: '晨跑', kind: 'video' as const, body: '', videoUrl: 'https://v.example.com/a.mp4', tags: ['running' as const], coverUrl: null, membersOnly: false };
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(contentRequest({ ...form, fromDate: '2026-06-15', fromTime: '08:00', untilDate: '2026-06-16', untilTime: '07:30' }, 'Asia/Shanghai', now)).toMatchObject({
      body: { visibleFrom: '2026-06-15T00:00:00.000Z', visibleUntil: '2026-06-15T23:30:00.000Z' },
    });
    expect(contentRequest({ ...form, fromDate: '', fromTime: '', untilDate: '', untilTime: '' }, 'Asia/Shanghai', now)).toMatchObject({ body: { visibleFrom: undefined, visibleUntil: null } });
    expect(contentRequest({ ...form, fromDate: '2026-06-15', fromTime: '', untilDate: '', untilTime: '' }, 'Asia/Shanghai', now)).toEqual({
      error: '上线时间请填写日期（YYYY-MM-DD）和时间（HH:MM），或都留空',
    });
    expect(contentRequest({ ...form, fromDate: '2026-06-15', fromTime: '08:00', untilDate: '2026-06-15', untilTime: '08:00' }, 'Asia/Shanghai', now)).toEqual({
      error: '下线时间要晚于上线时间（未填上线时间时，要晚于现在）',
    });
    // A zone that keeps daylight saving: 09:00 in New York is 13:00 UTC in June and 14:00 UTC in January.
    expect(contentRequest({ ...form, fromDate: '2026-06-15', fromTime: '09:00', untilDate: '', untilTime: '' }, 'America/New_York', now)).toMatchObject({ body: { visibleFrom: '2026-06-15T13:00:00.000Z' } });
    expect(contentRequest({ ...form, fromDate: '2027-01-15', fromTime: '09:00', untilDate: '', untilTime: '' }, 'America/New_York', now)).toMatchObject({ body: { visibleFrom: '2027-01-15T14:00:00.000Z' } });
  });
});

describe('freezing an author from the moderation queue', () => {
  const CASE = {
    id: '5', targetType: 'post', targetId: '91', postId: '91', communityId: '7', author: { id: '42', name: '山野徒步客', kind: 'user' }, text: '广告', images: [], targetStatus: 'visible',
    reports: 2, reasons: ['spam'], matchedWords: [], authorWarnings: 0, authorFrozen: false, status: 'open', lastAction: null, openedAt: '2026-06-15T02:00:00.000Z',
  };

  it('asks first, naming the author and what else happens, then freezes once and drops the case from the queue', async () => {
    answering({
      'GET /ops/moderation': () => [200, { items: [CASE], nextCursor: null, open: 1 }],
      'POST /ops/moderation/5/freeze': () => [200, { case: { ...CASE, status: 'closed', lastAction: 'freeze', targetStatus: 'hidden', authorFrozen: true } }],
    });
    render(<Moderation />);
    await screen.findByTestId('moderation-case');
    type('case-reason', '反复发广告');
    await click('case-freeze');
    expect(screen.getByTestId('confirm-freeze-author-question').textContent).toBe(
      '冻结作者「山野徒步客」（ID 42）的账户，并隐藏这条帖子？冻结后他不能再同步、兑换或发帖，直到在「用户」里解冻。',
    );
    await click('confirm-freeze-author-back');
    expect(sent('POST', '/ops/moderation/5/freeze')).toHaveLength(0);

    await click('case-freeze');
    const yes = screen.getByTestId('confirm-freeze-author-yes');
    fireEvent.click(yes);
    fireEvent.click(yes);
    await waitFor(() => expect(screen.queryByTestId('moderation-case')).toBeNull());
    expect(sent('POST', '/ops/moderation/5/freeze')).toEqual([{ reason: '反复发广告' }]);
    expect(screen.getByTestId('open-count').textContent).toBe('待处理 0 条');
    expect(screen.getByTestId('queue-notice').textContent).toBe('已冻结作者：山野徒步客 的帖子（已移到「已处理」）');
  });
});

describe('ending a campaign', () => {
  const CAMPAIGN = {
    id: '1', name: '徒步双倍周', description: '', startDate: '2026-06-15', endDate: '2026-06-21', communityIds: [], multiplierPercent: 200, thresholds: [], target: 'steps',
    workoutThresholds: [], prizes: [], budgetCoins: 1000, budgetLeft: 800, status: 'active',
  };

  it('asks in place before ending, and ends once', async () => {
    answering({
      'GET /ops/campaigns': () => [200, { items: [CAMPAIGN] }],
      'GET /ops/communities': () => [200, { items: [], nextCursor: null }],
      'PATCH /ops/campaigns/1': () => [200, { campaign: { ...CAMPAIGN, status: 'ended' } }],
    });
    render(<Campaigns />);
    await screen.findByTestId('end-campaign');
    await click('end-campaign');
    expect(screen.getByTestId('confirm-end-campaign-question').textContent).toBe('结束「徒步双倍周」？结束后不能恢复，剩余预算不再发放。');
    const yes = screen.getByTestId('confirm-end-campaign-yes');
    fireEvent.click(yes);
    fireEvent.click(yes);
    await waitFor(() => expect(sent('PATCH', '/ops/campaigns/1')).toHaveLength(1));
    expect(sent('PATCH', '/ops/campaigns/1')).toEqual([{ status: 'ended' }]);
  });
});
