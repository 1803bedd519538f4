import { render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';

// An English browser: the screens' strings are picked as the modules load.
vi.hoisted(() => Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true }));
vi.mock('@tarojs/taro', () => ({
  default: { stopPullDownRefresh: vi.fn(), showToast: vi.fn(), getStorageSync: vi.fn(), setStorageSync: vi.fn(), removeStorageSync: vi.fn() },
  useDidShow: vi.fn(),
  usePullDownRefresh: vi.fn(),
}));
const api = vi.hoisted(() => ({ me: vi.fn(), syncSteps: vi.fn(), campaigns: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));

const { ApiError, messageFor } = await import('../src/api/client');
const { default: Home } = await import('../src/pages/index/index');

const ME = {
  user: { id: '7', nickname: 'Lin', avatarUrl: null, weightKg: null, frozen: false },
  wallet: { balance: 150 },
  today: { date: '2026-06-15', steps: 5000, calories: 150, coins: 150, workoutCoins: 0, workoutRewardCoins: 0 },
};

describe('a step count past the daily limit, in English', () => {
  it('is said plainly before syncing and when the BFF refuses it', async () => {
    localStorage.setItem('cb.sandbox.steps', '150000');
    api.me.mockResolvedValue(ME);
    api.campaigns.mockResolvedValue({ date: '2026-06-15', items: [] });
    render(<Home />);
    await waitFor(() => expect(screen.getByTestId('preview').textContent).toBe('150,000 steps is more than we can credit in one day (at most 100,000): a sync would add nothing'));
    expect(messageFor(new ApiError('STEPS_IMPLAUSIBLE', 'implausible', 422))).toBe("That day's count is more steps than we can credit in one day, so it was not credited.");
  });
});
