import { act, fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const api = vi.hoisted(() => ({ me: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));
const contentApi = vi.hoisted(() => ({ membership: vi.fn(), buyMembership: vi.fn() }));
vi.mock('../src/packages/content/api', async (importOriginal) => ({ ...(await importOriginal<object>()), contentApi }));

const { default: Membership } = await import('../src/packages/content/pages/membership/index');

const MEMBERSHIP = { active: false, endsAt: null, priceCoins: 300, days: 30 };
const me = (balance: number) => ({ user: { id: '1', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false }, wallet: { balance } });

describe('the fan membership page', () => {
  beforeEach(() => {
    api.me.mockReset();
    contentApi.membership.mockReset().mockResolvedValue({ membership: MEMBERSHIP });
  });

  it('says how many coins are missing instead of offering to buy', async () => {
    api.me.mockResolvedValue(me(120));
    render(<Membership />);
    expect((await screen.findByTestId('membership-short')).textContent).toBe('金币不足：还差 180 金币，去多走几步吧');
    expect(screen.queryByTestId('buy-membership')).toBeNull();
  });

  it('asks a first membership as a first one, for the days it gives', async () => {
    api.me.mockResolvedValue(me(500));
    render(<Membership />);
    const buy = await screen.findByTestId('buy-membership');
    await act(async () => fireEvent.click(buy));
    expect(screen.getByText(/^支付 300 金币/).textContent).toBe('支付 300 金币开通会员，即日起 30 天有效？');
  });

  it('says the purchase succeeded, without a shortfall warning about buying again, once the coins are spent', async () => {
    api.me.mockResolvedValue(me(550));
    contentApi.buyMembership.mockResolvedValue({ membership: { ...MEMBERSHIP, active: true, endsAt: '2026-07-15T04:00:00.000Z' }, balance: 250 });
    render(<Membership />);
    const buy = await screen.findByTestId('buy-membership');
    await act(async () => fireEvent.click(buy));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-membership')));
    expect((await screen.findByTestId('membership-notice')).textContent).toBe('开通成功，有效期至 2026-07-15');
    expect(screen.queryByTestId('membership-short')).toBeNull();
    expect(screen.getByText('余额 250 金币')).toBeTruthy();
  });

  it('names the day a membership ends on the business clock, not in UTC', async () => {
    // 17:00 UTC on the 14th is 01:00 on the 15th in Beijing.
    contentApi.membership.mockResolvedValue({ membership: { ...MEMBERSHIP, active: true, endsAt: '2026-07-14T17:00:00.000Z' } });
    api.me.mockResolvedValue(me(500));
    render(<Membership />);
    expect(await screen.findByText('会员有效期至 2026-07-15')).toBeTruthy();
  });
});
