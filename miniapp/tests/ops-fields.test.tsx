import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes, refusal, staffSignedIn } from './fake-taro';

/** The BFF as the console sees it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { Venues } = await import('../src/packages/ops/sections/Venues');
const { Review } = await import('../src/packages/ops/sections/Review');
const { Campaigns } = await import('../src/packages/ops/sections/Campaigns');
const { CampaignForm } = await import('../src/packages/ops/sections/CampaignForm');
const { CollectiblesSection } = await import('../src/packages/ops/sections/Collectibles');
const { Overview } = await import('../src/packages/ops/sections/Overview');
const { EventCard } = await import('../src/packages/ops/sections/EventCard');
const { WordList } = await import('../src/packages/ops/sections/WordList');


/** The BFF answering `routes[method path]`, the client configuration unavailable, and anything else with 404. */
const answering = (routes: Record<string, (body: unknown) => unknown>) => answerRoutes(bff, routes);

/** The requests other than reads. */
const writes = () => bff.mock.calls.filter(([method]) => method !== 'GET');

function type(testId: string, value: string, index = 0) {
  const element = screen.getAllByTestId(testId)[index];
  fireEvent.input(element.querySelector('input') ?? element, { target: { value } });
}

const click = (testId: string) => act(async () => fireEvent.click(screen.getByTestId(testId)));
const errorText = (name: string) => screen.queryByTestId(`field-error-${name}`)?.textContent ?? null;

beforeEach(() => {
  bff.mockReset();
  staffSignedIn(storage, 'operator');
});

describe('rejections and cancellations need a reason, whatever the button looks like', () => {
  const VENUE = {
    id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'pending', rejectReason: null, facilities: [],
    openingHours: [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '07:00', closes: '22:00' })).concat([{ weekday: 6, opens: '08:00', closes: '20:00' }]),
  };

  it('sends no venue rejection without a reason, says so beside the reason, and forgets it once one is typed', async () => {
    answering({ 'GET /ops/venues': () => [200, { items: [VENUE], nextCursor: null }], 'POST /ops/venues/5/reject': () => [200, { venue: { ...VENUE, status: 'rejected' } }] });
    render(<Venues />);
    await screen.findByTestId('reject-venue');
    await click('reject-venue');
    expect(errorText('reject-reason')).toBe('请填写驳回原因');
    expect(writes()).toEqual([]);
    type('reject-venue-reason', '缺少营业执照');
    expect(errorText('reject-reason')).toBeNull();
    await click('reject-venue');
    await waitFor(() => expect(writes()).toHaveLength(1));
    expect(writes()[0].slice(0, 3)).toEqual(['POST', '/ops/venues/5/reject', { reason: '缺少营业执照' }]);
  });

  it("shows a venue's opening hours, weekdays with the same hours as one run", async () => {
    answering({ 'GET /ops/venues': () => [200, { items: [VENUE, { ...VENUE, id: '6', openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '06:00', closes: '23:00' })) }], nextCursor: null }] });
    render(<Venues />);
    await waitFor(() => expect(screen.getAllByTestId('review-venue-hours').map((line) => line.textContent)).toEqual(['周一至周五 07:00–22:00；周六 08:00–20:00', '每天 06:00–23:00']));
  });

  it('sends no offer rejection without a reason, and says so beside the reason', async () => {
    const OFFER = { id: '3', title: '拿铁', kind: 'coupon', merchantName: '山顶咖啡', priceCoins: 100, totalStock: 10, perUserLimit: 1, validFrom: '2026-06-01T00:00:00.000Z', validUntil: '2026-07-01T00:00:00.000Z', description: '', imageUrl: null, rejectReason: null, status: 'pending' };
    answering({ 'GET /ops/offers': () => [200, { items: [OFFER], nextCursor: null }] });
    render(<Review />);
    await screen.findByTestId('reject-offer');
    await click('reject-offer');
    expect(errorText('reject-reason')).toBe('请填写驳回原因');
    expect(writes()).toEqual([]);
  });

  it('sends no event cancellation without a reason, and says so beside the reason', async () => {
    const EVENT = {
      id: '4', communityId: '7', title: '周末徒步', place: '香山', startsAt: '2026-06-20T00:00:00.000Z', endsAt: '2026-06-20T04:00:00.000Z', capacity: 30, signedUp: 3,
      checkinOpensAt: '2026-06-19T23:30:00.000Z', checkinClosesAt: '2026-06-20T04:00:00.000Z', checkinCode: '123456', status: 'scheduled',
    };
    answering({});
    render(<EventCard event={EVENT as never} onChanged={() => undefined} />);
    await click('cancel-event');
    await click('confirm-cancel-event');
    expect(errorText('cancel-reason')).toBe('请填写取消原因');
    expect(writes()).toEqual([]);
  });

  it('adds no sensitive words when none are typed, and says so', async () => {
    answering({ 'GET /ops/sensitive-words': () => [200, { items: [], nextCursor: null, version: 1 }] });
    render(<WordList />);
    await click('word-add');
    expect(screen.getByTestId('word-notice').textContent).toBe('请先输入要添加的词');
    expect(writes()).toEqual([]);
  });

  it('names the words the BFF refused as never matching anything', async () => {
    answering({
      'GET /ops/sensitive-words': () => [200, { items: [], nextCursor: null, version: 1 }],
      'POST /ops/sensitive-words': () => refusal(400, 'VALIDATION_FAILED', [{ path: 'words.1', message: 'has no letter or digit' }]),
    });
    render(<WordList />);
    type('word-input', '赌博 😀');
    await click('word-add');
    await waitFor(() => expect(screen.getByTestId('word-notice').textContent).toBe('“😀” 不含文字或数字，永远匹配不到内容：请删掉后再添加'));
  });
});

describe('a campaign', () => {
  const CAMPAIGN = {
    id: '1', name: '徒步双倍周', description: '', startDate: '2026-06-15', endDate: '2026-06-21', communityIds: [], multiplierPercent: 200, thresholds: [], target: 'steps',
    workoutThresholds: [], prizes: [], budgetCoins: 1000, budgetLeft: 800, status: 'active',
  };

  it('says beside the amount that a top-up of -5 is not one, sends nothing, and forgets it once the amount is edited', async () => {
    answering({ 'GET /ops/campaigns': () => [200, { items: [CAMPAIGN] }], 'GET /ops/communities': () => [200, { items: [], nextCursor: null }] });
    render(<Campaigns />);
    await screen.findByTestId('top-up');
    type('top-up-amount', '-5');
    await click('top-up');
    expect(errorText('top-up')).toBe('追加金币为正整数');
    expect(writes()).toEqual([]);
    type('top-up-amount', '500');
    expect(errorText('top-up')).toBeNull();
  });

  it("says each field's mistake beside it and forgets it once that field is edited, leaving the others", async () => {
    answering({});
    render(<CampaignForm communities={[]} onCreated={() => undefined} />);
    type('campaign-multiplier', '50');
    type('campaign-budget', '0');
    await click('create-campaign');
    expect(errorText('name')).toBe('请填写活动名称');
    expect(errorText('multiplierPercent')).toBe('倍数为 100 到 1000 之间的整数');
    expect(errorText('budgetCoins')).toBe('预算为正整数');
    expect(screen.getByTestId('campaign-fix-above').textContent).toBe('请先修改上方标红的内容');

    type('campaign-multiplier', '200');
    expect(errorText('multiplierPercent')).toBeNull();
    expect(errorText('name')).toBe('请填写活动名称');
    type('campaign-name', '徒步双倍周');
    type('campaign-budget', '1000');
    expect(errorText('name')).toBeNull();
    expect(screen.queryByTestId('campaign-fix-above')).toBeNull();
    expect(writes()).toEqual([]);
  });
});

describe('the collectibles form', () => {
  it("says each field's mistake beside it and forgets it once that field is edited", async () => {
    answering({ 'GET /ops/collectibles/series': () => [200, { items: [], nextCursor: null }] });
    render(<CollectiblesSection />);
    type('series-form-size', '0');
    type('series-form-campaign', '');
    await click('series-create');
    expect(errorText('name')).toBe('请填写名称');
    expect(errorText('artworkUrl')).toBe('请上传藏品图片');
    expect(errorText('editionSize')).toBe('限量数量须为正整数');
    expect(errorText('rule')).toBe('请把获得方式的条件填完整');

    type('series-form-name', '万步金章');
    type('series-form-campaign', '1');
    expect(errorText('name')).toBeNull();
    expect(errorText('rule')).toBeNull();
    expect(errorText('editionSize')).toBe('限量数量须为正整数');
    expect(writes()).toEqual([]);
  });
});

describe('settling a day', () => {
  const STATS = { date: '2026-06-15', usersSynced: 0, steps: 0, coinsIssued: {}, coinsRedeemed: 0, topOffers: [], budgets: [] };

  it('says a bad date once, beside the date, sends nothing, and forgets it once the date is edited', async () => {
    answering({ 'GET /ops/stats': () => [200, STATS], 'GET /ops/stats/daily': () => [200, { days: [] }] });
    render(<Overview />);
    await screen.findByTestId('settle-date');
    type('settle-date', '2026-13-01');
    await click('settle');
    expect(errorText('date')).toBe('日期格式为 YYYY-MM-DD');
    expect(screen.queryByTestId('settle-notice')).toBeNull();
    expect(writes()).toEqual([]);
    type('settle-date', '2026-06-12');
    expect(errorText('date')).toBeNull();
  });

  it("says the BFF's refusal of the date once, beside the date", async () => {
    answering({
      'GET /ops/stats': () => [200, STATS],
      'GET /ops/stats/daily': () => [200, { days: [] }],
      'POST /ops/settlements': () => refusal(400, 'VALIDATION_FAILED', [{ path: 'date', message: 'must be between 2020-01-01 and 2100-12-31' }]),
    });
    render(<Overview />);
    await screen.findByTestId('settle-date');
    type('settle-date', '2019-01-01');
    await click('settle');
    await waitFor(() => expect(errorText('date')).not.toBeNull());
    expect(screen.queryByTestId('settle-notice')).toBeNull();
  });
});
