import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type } from './fields';

/** The BFF as the console sees it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) =>
  (await import('./fake-taro')).fakeTaro(await importOriginal(), storage, async (options: { url: string; method: string; data?: unknown; header: Record<string, string> }) => {
    const [status, data] = (await bff(options.method, options.url.replace('/api/v1', ''), options.data, options.header)) as [number, unknown];
    return { statusCode: status, data, header: {}, errMsg: 'request:ok' };
  }),
);

const { default: OpsConsole } = await import('../src/packages/ops/pages/console/index');
const { campaignRequest } = await import('../src/packages/ops/sections/CampaignForm');

const STATS = { date: '2026-06-15', usersSynced: 3, steps: 19_000, coinsIssued: { step_reward: 570, campaign_bonus: 300 }, coinsRedeemed: 150, topOffers: [], budgets: [] };
const day = (date: string, usersSynced: number) => ({ date, usersSynced, steps: 0, coinsIssued: { step_reward: usersSynced * 10 }, coinsRedeemed: 0 });
const USER = { id: '42', nickname: '山野徒步客', platform: 'alipay', frozen: false, balance: 300, createdAt: '2026-06-01T00:00:00.000Z' };

function signedInAsOperator() {
  storage.set('cb.staff.token', 'ops-token');
  storage.set('cb.staff.role', 'operator');
}

describe('the operators console', () => {
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
  });

  it('lets only an operator in', async () => {
    bff.mockImplementation(async (method: string, path: string, body: { username: string }) => {
      if (path === '/staff/login') return body.username === 'ops' ? [200, { token: 'ops-token', role: 'operator' }] : [200, { token: 'm-token', role: 'merchant', merchantId: '3' }];
      if (path === '/ops/stats') return [200, STATS];
      if (path.startsWith('/ops/stats/daily')) return [200, { days: [day('2026-06-14', 1), day('2026-06-15', 3)] }];
      return [404, { error: { code: 'NOT_FOUND', message: path } }];
    });
    render(<OpsConsole />);
    type('staff-username', 'coffee');
    type('staff-password', 'secret-password');
    await act(async () => fireEvent.click(screen.getByTestId('staff-login')));
    expect((await screen.findByTestId('console-error')).textContent).toBe('没有权限进行这个操作。');
    expect(storage.has('cb.staff.token')).toBe(false);

    type('staff-username', 'ops');
    await act(async () => fireEvent.click(screen.getByTestId('staff-login')));
    await waitFor(() => expect(screen.getByTestId('stat-users').textContent).toBe('3'));
    expect(screen.getByTestId('stat-issued').textContent).toBe('870');
    await waitFor(() => expect(screen.getAllByTestId('chart-day').map((bar) => bar.dataset.value)).toEqual(['1', '3', '10', '30', '0', '0']));
    expect(storage.get('cb.staff.role')).toBe('operator');
  });

  it('goes back to sign-in when the staff session has expired', async () => {
    signedInAsOperator();
    bff.mockResolvedValue([401, { error: { code: 'AUTH_INVALID', message: 'expired' } }]);
    render(<OpsConsole />);
    await waitFor(() => expect(screen.getByTestId('staff-login')).toBeTruthy());
    expect(storage.has('cb.staff.token')).toBe(false);
  });

  it('sends a retried adjustment with the same idempotency key, and a new adjustment with a new one', async () => {
    signedInAsOperator();
    const keys: string[] = [];
    let answered = 0;
    bff.mockImplementation(async (method: string, path: string, body: { amount: number }, header: Record<string, string>) => {
      if (path.startsWith('/ops/stats')) return [200, path === '/ops/stats' ? STATS : { days: [] }];
      if (path.startsWith('/ops/users')) return [200, { items: [USER], nextCursor: null }];
      if (path === '/ops/adjustments') {
        keys.push(header['idempotency-key']);
        answered += 1;
        if (answered === 1) throw { errMsg: 'request:fail timeout' };
        return [201, { transactionId: '9', userId: '42', amount: body.amount, balance: 300 + body.amount }];
      }
      return [404, { error: { code: 'NOT_FOUND', message: path } }];
    });
    render(<OpsConsole />);
    await act(async () => fireEvent.click(screen.getByTestId('ops-tab-users')));
    const row = await screen.findByTestId('ops-user');
    expect(screen.getByTestId('user-meta').textContent).toBe('ID 42 · 支付宝 · 余额 300 金币');
    await act(async () => fireEvent.click(row.querySelector('.ops-card__head')!));
    const adjust = async () => {
      await act(async () => fireEvent.click(screen.getByTestId('adjust-user')));
      await act(async () => fireEvent.click(screen.getByTestId('confirm-adjust-user-yes')));
    };

    type('adjust-amount', '50');
    await act(async () => fireEvent.click(screen.getByTestId('adjust-user')));
    expect(screen.getByTestId('field-error-reason').textContent).toBe('请填写原因');
    expect(keys).toEqual([]);

    type('user-reason', '活动补偿');
    await adjust();
    expect(screen.getByTestId('user-notice').textContent).toBe('网络不太好，请检查网络后重试。');
    await adjust();
    await waitFor(() => expect(screen.getByTestId('user-notice').textContent).toBe('已调整 +50，余额 350'));
    expect(screen.getByTestId('user-meta').textContent).toBe('ID 42 · 支付宝 · 余额 350 金币');

    type('user-reason', '再补一次');
    type('adjust-amount', '-20');
    await adjust();
    await waitFor(() => expect(keys).toHaveLength(3));
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[0]);
  });
});

describe('the campaign form', () => {
  const form = {
    name: '徒步双倍周',
    description: '',
    startDate: '2026-06-15',
    endDate: '2026-06-21',
    communityIds: ['4'],
    multiplierPercent: '200',
    thresholds: [{ steps: '10000', coins: '50' }],
    target: 'steps' as const,
    workoutThresholds: [] as { workoutCoins: string; coins: string }[],
    prizes: '500, 200，100',
    budgetCoins: '10000',
  };

  it('turns a filled-in form into the contract request', () => {
    expect(campaignRequest(form)).toEqual({
      body: {
        name: '徒步双倍周',
        description: '',
        startDate: '2026-06-15',
        endDate: '2026-06-21',
        communityIds: ['4'],
        multiplierPercent: 200,
        thresholds: [{ steps: 10_000, coins: 50 }],
        target: 'steps',
        workoutThresholds: [],
        prizes: [500, 200, 100],
        budgetCoins: 10_000,
      },
    });
  });

  it('sends a target and only the thresholds of what the campaign counts', () => {
    const workouts = { ...form, target: 'workouts' as const, workoutThresholds: [{ workoutCoins: '200', coins: '40' }] };
    expect(campaignRequest(workouts)).toMatchObject({ body: { target: 'workouts', thresholds: [], workoutThresholds: [{ workoutCoins: 200, coins: 40 }] } });
    expect(campaignRequest({ ...workouts, target: 'both' })).toMatchObject({
      body: { target: 'both', thresholds: [{ steps: 10_000, coins: 50 }], workoutThresholds: [{ workoutCoins: 200, coins: 40 }] },
    });
    expect(campaignRequest({ ...form, workoutThresholds: [{ workoutCoins: '200', coins: '40' }] })).toMatchObject({ body: { target: 'steps', workoutThresholds: [] } });
    expect(campaignRequest({ ...workouts, workoutThresholds: [{ workoutCoins: '0', coins: '40' }] })).toEqual({ errors: { workoutThresholds: '门槛的步数和金币都要是正整数' } });
  });

  it('says in words what is wrong before asking the BFF', () => {
    expect(campaignRequest({ ...form, name: ' ' })).toEqual({ errors: { name: '请填写活动名称' } });
    expect(campaignRequest({ ...form, endDate: '2026-06-14' })).toEqual({ errors: { endDate: '结束日期不能早于开始日期' } });
    expect(campaignRequest({ ...form, startDate: '2026-02-30' })).toEqual({ errors: { startDate: '日期格式为 YYYY-MM-DD' } });
    expect(campaignRequest({ ...form, multiplierPercent: '1001' })).toEqual({ errors: { multiplierPercent: '倍数为 100 到 1000 之间的整数' } });
    expect(campaignRequest({ ...form, multiplierPercent: '1.5' })).toEqual({ errors: { multiplierPercent: '倍数为 100 到 1000 之间的整数' } });
    expect(campaignRequest({ ...form, thresholds: [{ steps: '10000', coins: '0' }] })).toEqual({ errors: { thresholds: '门槛的步数和金币都要是正整数' } });
    expect(campaignRequest({ ...form, prizes: '500, -1' })).toEqual({ errors: { prizes: '奖金用逗号分隔的正整数，最多 10 个' } });
    expect(campaignRequest({ ...form, budgetCoins: '' })).toEqual({ errors: { budgetCoins: '预算为正整数' } });
    expect(campaignRequest({ ...form, multiplierPercent: '100', thresholds: [], prizes: '' })).toEqual({ errors: { effect: '活动至少要有加倍、门槛或榜单奖金之一' } });
    // Every mistake at once, each for its own field.
    expect(campaignRequest({ ...form, name: '', budgetCoins: '0' })).toEqual({ errors: { name: '请填写活动名称', budgetCoins: '预算为正整数' } });
  });
});
