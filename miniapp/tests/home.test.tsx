import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tarojs/taro', () => ({
  default: { stopPullDownRefresh: vi.fn(), showToast: vi.fn(), getStorageSync: vi.fn(), setStorageSync: vi.fn(), removeStorageSync: vi.fn() },
  useDidShow: vi.fn(),
  usePullDownRefresh: vi.fn(),
}));

const api = vi.hoisted(() => ({ me: vi.fn(), syncSteps: vi.fn(), campaigns: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));

const { ApiError } = await import('../src/api/client');
const { default: Home } = await import('../src/pages/index/index');

const ME = {
  user: { id: '7', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false },
  wallet: { balance: 150 },
  today: { date: '2026-06-15', steps: 5000, calories: 150, coins: 150, workoutCoins: 0, workoutRewardCoins: 0 },
};

describe('home page', () => {
  beforeEach(() => {
    api.me.mockReset();
    api.syncSteps.mockReset();
    api.campaigns.mockReset();
    api.campaigns.mockResolvedValue({ date: '2026-06-15', items: [] });
  });

  it('shows a loading state while signing in', () => {
    api.me.mockReturnValue(new Promise(() => undefined));
    render(<Home />);
    expect(screen.getByTestId('state-loading')).toBeTruthy();
  });

  it('shows a clear error with a retry when the BFF is unreachable', async () => {
    api.me.mockRejectedValueOnce(new ApiError('NETWORK', 'fetch failed')).mockResolvedValueOnce(ME);
    render(<Home />);
    const failure = await screen.findByTestId('state-error');
    expect(failure.textContent).toMatch(/网络/);
    await act(async () => fireEvent.click(screen.getByText('重试')));
    await waitFor(() => expect(screen.getByTestId('balance').textContent).toBe('150'));
  });

  it("shows today's steps, coins and balance, and a preview from the shared rules", async () => {
    localStorage.setItem('cb.sandbox.steps', '8000');
    api.me.mockResolvedValue(ME);
    render(<Home />);
    await waitFor(() => expect(screen.getByTestId('today-steps').textContent).toBe('5,000'));
    expect(screen.getByTestId('today-coins').textContent).toBe('150');
    expect(screen.getByTestId('preview').textContent).toBe('同步后预计可得 90 金币');
  });

  it('says "all collected" only at the daily cap; below it, that more walking earns more', async () => {
    localStorage.setItem('cb.sandbox.steps', '5000');
    api.me.mockResolvedValue(ME);
    const { unmount } = render(<Home />);
    await waitFor(() => expect(screen.getByTestId('preview').textContent).toBe('步数已全部入账，多走几步再来同步'));
    unmount();
    api.me.mockResolvedValue({ ...ME, today: { date: '2026-06-15', steps: 20_000, calories: 600, coins: 600, workoutCoins: 0, workoutRewardCoins: 0 } });
    localStorage.setItem('cb.sandbox.steps', '20000');
    render(<Home />);
    await waitFor(() => expect(screen.getByTestId('preview').textContent).toBe('今日金币已全部领取'));
  });

  it('says before syncing that a count past the daily limit cannot be credited, instead of the coins it would be worth', async () => {
    localStorage.setItem('cb.sandbox.steps', '150000');
    api.me.mockResolvedValue(ME);
    api.campaigns.mockResolvedValue({
      date: '2026-06-15',
      items: [{ id: '3', name: '双倍周', description: '', startDate: '2026-06-15', endDate: '2026-06-21', communityIds: [], multiplierPercent: 200, thresholds: [], prizes: [], status: 'active', budgetLeft: 1000, exhausted: false, creditedToday: 0 }],
    });
    render(<Home />);
    await waitFor(() => expect(screen.getByTestId('preview').textContent).toBe('150,000 步超出一天能入账的步数（最多 100,000 步），同步后不会入账'));
    expect(screen.queryByTestId('campaign-preview')).toBeNull();

    // At the limit itself the count is credited as usual.
    localStorage.setItem('cb.sandbox.steps', '100000');
    cleanup();
    render(<Home />);
    await waitFor(() => expect(screen.getByTestId('preview').textContent).toBe('同步后预计可得 450 金币'));
  });

  it('credits a sync and shows what arrived, or the contract error in words', async () => {
    api.me.mockResolvedValue(ME);
    api.syncSteps
      .mockResolvedValueOnce({ date: '2026-06-15', steps: 8000, calories: 240, coinsToday: 240, credited: 90, campaigns: [], balance: 240, rank: 3 })
      .mockRejectedValueOnce(new ApiError('PLATFORM_SIGNATURE_INVALID', 'The run data is not signed by Alipay', 400));
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ response: '{}' }), { status: 200 })));
    render(<Home />);
    await screen.findByTestId('sync');
    await act(async () => fireEvent.click(screen.getByTestId('sync')));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('到账 90 金币'));
    expect(screen.getByTestId('balance').textContent).toBe('240');
    expect(screen.getByTestId('rank').textContent).toBe('今日第 3 名');
    await act(async () => fireEvent.click(screen.getByTestId('sync')));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toMatch(/校验失败/));
    expect(screen.getByTestId('balance').textContent).toBe('240');
    vi.unstubAllGlobals();
  });

  it("shows the campaigns that apply, what they would add by the shared rules, and when a budget is spent", async () => {
    localStorage.setItem('cb.sandbox.steps', '8000');
    const campaign = {
      id: '3',
      name: '徒步群双倍金币周',
      description: '',
      startDate: '2026-06-15',
      endDate: '2026-06-21',
      communityIds: ['1'],
      multiplierPercent: 200,
      thresholds: [{ steps: 10_000, coins: 50 }],
      prizes: [],
      status: 'active',
      budgetLeft: 1000,
      exhausted: false,
      creditedToday: 0,
    };
    api.me.mockResolvedValue(ME);
    api.campaigns.mockResolvedValueOnce({ date: '2026-06-15', items: [campaign] }).mockResolvedValue({
      date: '2026-06-15',
      items: [{ ...campaign, budgetLeft: 0, exhausted: true, creditedToday: 240 }],
    });
    api.syncSteps.mockResolvedValueOnce({
      date: '2026-06-15',
      steps: 8000,
      calories: 240,
      coinsToday: 480,
      credited: 330,
      campaigns: [{ id: '3', name: campaign.name, credited: 240, exhausted: true }],
      balance: 480,
      rank: 2,
    });
    vi.stubGlobal('fetch', vi.fn(async () => new Response(JSON.stringify({ response: '{}' }), { status: 200 })));
    render(<Home />);
    // 8,000 steps are worth 240 base coins; doubling adds 240 more; 10,000 steps are not reached.
    await waitFor(() => expect(screen.getByTestId('campaign-preview').textContent).toBe('活动加成预计再得 240 金币'));
    expect(screen.getByTestId('campaign').textContent).toContain('金币 ×2 · 满 10,000 步 +50');
    await act(async () => fireEvent.click(screen.getByTestId('sync')));
    await waitFor(() => expect(screen.getByTestId('notice').textContent).toBe('到账 330 金币（含活动加成 240）'));
    await waitFor(() => expect(screen.getByTestId('campaign').textContent).toContain('活动预算已用完'));
    expect(screen.queryByTestId('campaign-preview')).toBeNull();
    // The ring counts step coins toward the daily cap; the campaign's coins are named beside it.
    expect(screen.getByTestId('today-coins').textContent).toBe('480');
    expect(screen.getByTestId('coin-ring-value').textContent).toBe('240');
    // The campaign's coins sit under the ring, so the label inside it stays short.
    expect(screen.getByTestId('coin-ring-label').textContent).toBe('每日上限 600');
    expect(screen.getByTestId('coin-ring-bonus').textContent).toBe('活动 +240');
    vi.unstubAllGlobals();
  });

  it("shows today's workout coins from /me beside the step coins, without reading the visits", async () => {
    api.me.mockResolvedValue({ ...ME, today: { ...ME.today, workoutCoins: 270, workoutRewardCoins: 270 } });
    render(<Home />);
    await waitFor(() => expect(screen.getByTestId('workout-coins-today').textContent).toBe('今日运动金币 +270'));
    expect(screen.getByTestId('today-coins').textContent).toBe('150');
  });

  it('describes a campaign on workouts in workout words, not step words', async () => {
    api.me.mockResolvedValue(ME);
    const base = { description: '', startDate: '2026-06-15', endDate: '2026-06-21', communityIds: [], prizes: [], status: 'active', budgetLeft: 300, exhausted: false, creditedToday: 0, workoutCreditedToday: 0 };
    api.campaigns.mockResolvedValue({
      date: '2026-06-15',
      items: [
        { ...base, id: '4', name: '游泳加倍', multiplierPercent: 150, thresholds: [], target: 'workouts', workoutThresholds: [{ workoutCoins: 200, coins: 40 }] },
        { ...base, id: '5', name: '全能周', multiplierPercent: 200, thresholds: [{ steps: 10_000, coins: 50 }], target: 'both', workoutThresholds: [] },
      ],
    });
    render(<Home />);
    await waitFor(() => expect(screen.getAllByTestId('campaign')).toHaveLength(2));
    const [swim, all] = screen.getAllByTestId('campaign').map((card) => card.textContent);
    expect(swim).toContain('运动金币 ×1.5 · 运动金币满 200 +40');
    expect(swim).not.toContain('步');
    expect(all).toContain('步数与运动金币 ×2 · 满 10,000 步 +50');
  });

  it('shows no workout line on a day without workout coins', async () => {
    api.me.mockResolvedValue(ME);
    render(<Home />);
    await screen.findByTestId('venues-link');
    expect(screen.queryByTestId('workout-coins-today')).toBeNull();
  });
});
