import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The page's hide handlers, to leave it as a user going back or switching tabs does. */
const hidden = vi.hoisted(() => ({ handlers: [] as (() => void)[] }));
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useRouter: () => ({ params: { id: '9' } }),
  useDidShow: vi.fn(),
  useDidHide: (handler: () => void) => void hidden.handlers.push(handler),
}));

const api = vi.hoisted(() => ({ offers: vi.fn(), offer: vi.fn(), me: vi.fn(), redeem: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));

const { default: Taro } = await import('@tarojs/taro');
const { ApiError } = await import('../src/api/client');
const { default: Mall } = await import('../src/pages/mall/index');
const { default: OfferDetail } = await import('../src/packages/mall/pages/offer/index');

const OFFER = {
  id: '9', merchantId: '2', merchantName: '山顶咖啡', title: '手冲咖啡', description: '登顶领取', imageUrl: null, kind: 'coupon',
  priceCoins: 150, totalStock: 20, stockLeft: 3, perUserLimit: 1, validFrom: '2026-06-01T00:00:00.000Z',
  validUntil: '2026-07-01T00:00:00.000Z', voucherTtlSeconds: 604800, status: 'live', rejectReason: null,
};
const me = (balance: number) => ({
  user: { id: '1', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false },
  wallet: { balance },
  today: { date: '2026-06-15', steps: 0, calories: 0, coins: 0, workoutCoins: 0, workoutRewardCoins: 0 },
});

describe('mall', () => {
  beforeEach(() => Object.values(api).forEach((mock) => mock.mockReset()));

  it('shows the offers with price, merchant and stock, or says there are none', async () => {
    api.offers.mockResolvedValueOnce({ items: [OFFER], nextCursor: null });
    render(<Mall />);
    expect((await screen.findByTestId('offer-card')).textContent).toBe('优惠券手冲咖啡山顶咖啡150 金币剩余 3');
  });

  it('says so when nothing is on sale', async () => {
    api.offers.mockResolvedValueOnce({ items: [], nextCursor: null });
    render(<Mall />);
    expect((await screen.findByTestId('state-empty')).textContent).toMatch(/暂时没有可兑换/);
  });

  it('tells a user how many coins they still need instead of offering to redeem', async () => {
    api.offer.mockResolvedValue({ offer: OFFER });
    api.me.mockResolvedValue(me(100));
    render(<OfferDetail />);
    expect((await screen.findByTestId('short')).textContent).toBe('金币不足：还差 50 金币，去多走几步吧');
    expect(screen.queryByTestId('redeem')).toBeNull();
  });

  it("says until when the offer can be redeemed, in the business day, apart from the voucher's own life", async () => {
    api.offer.mockResolvedValue({ offer: { ...OFFER, validUntil: '2026-06-30T16:30:00.000Z', voucherTtlSeconds: 14 * 86_400 } });
    api.me.mockResolvedValue(me(100));
    render(<OfferDetail />);
    // 16:30 UTC is past midnight in Shanghai: the last day is the 1st of July there.
    expect((await screen.findByText(/^兑换截止/)).textContent).toBe('兑换截止 2026-07-01');
    expect(screen.getByTestId('voucher-life').textContent).toBe('券在兑换后 14 天内有效');
  });

  it('asks for confirmation, and explains sold out and limit reached in words', async () => {
    api.offer.mockResolvedValue({ offer: OFFER });
    api.me.mockResolvedValue(me(600));
    api.redeem
      .mockRejectedValueOnce(new ApiError('OUT_OF_STOCK', 'sold out', 409))
      .mockRejectedValueOnce(new ApiError('REDEEM_LIMIT_REACHED', 'limit', 409));
    render(<OfferDetail />);
    const redeem = await screen.findByTestId('redeem');
    await act(async () => fireEvent.click(redeem));
    expect(api.redeem).not.toHaveBeenCalled();
    await act(async () => fireEvent.click(screen.getByTestId('confirm-redeem')));
    await waitFor(() => expect(screen.getByTestId('redeem-notice').textContent).toBe('已经兑完了，看看别的吧。'));
    await act(async () => fireEvent.click(screen.getByTestId('redeem')));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-redeem')));
    await waitFor(() => expect(screen.getByTestId('redeem-notice').textContent).toBe('已达到每人兑换上限。'));
    // Each refused purchase used a key of its own.
    expect(new Set(api.redeem.mock.calls.map(([, key]) => key)).size).toBe(2);
  });

  it('opens the new voucher only while the offer is on screen; after the user left, it says so in a toast', async () => {
    api.offer.mockResolvedValue({ offer: OFFER });
    api.me.mockResolvedValue(me(600));
    const answers: ((value: unknown) => void)[] = [];
    api.redeem.mockImplementation(() => new Promise((resolve) => answers.push(resolve)));
    const voucher = { voucher: { id: '77', code: 'C', offerId: '9', status: 'issued', expiresAt: '2026-06-22T00:00:00.000Z' }, balance: 450 };
    const navigateTo = vi.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'navigateTo:ok' } as never);
    const showToast = vi.spyOn(Taro, 'showToast').mockResolvedValue({ errMsg: 'showToast:ok' });

    const shown = render(<OfferDetail />);
    const redeem = await screen.findByTestId('redeem');
    await act(async () => fireEvent.click(redeem));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-redeem')));
    await act(async () => answers.shift()!(voucher));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/vouchers/pages/detail/index?id=77' });
    shown.unmount();

    hidden.handlers.length = 0;
    render(<OfferDetail />);
    const again = await screen.findByTestId('redeem');
    await act(async () => fireEvent.click(again));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-redeem')));
    // The user goes back (or to another tab) while the answer is on its way.
    act(() => hidden.handlers.forEach((handler) => handler()));
    await act(async () => answers.shift()!({ ...voucher, voucher: { ...voucher.voucher, id: '78' } }));
    expect(navigateTo).toHaveBeenCalledTimes(1);
    expect(showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '兑换成功，券已放入「我的券」' }));
  });
});
