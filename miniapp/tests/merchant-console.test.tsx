import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useEffect } from 'react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';
import { type } from './fields';

/** The BFF as the merchant's console sees it: every request goes to `bff`; the page is shown once, as it is opened. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff),
  useDidShow: (shown: () => void) => useEffect(() => shown(), []),
}));

const { default: MerchantConsole } = await import('../src/packages/merchant/pages/console/index');

const offer = { id: '11', merchantId: '2', merchantName: '山顶茶饮', title: '登山茶饮券', description: '', priceCoins: 100, stockLeft: 5, imageUrl: null, status: 'live', rejectReason: null };
const voucher = (status: string) => ({
  id: '40', code: 'AAAABBBBCCCC1234', offerId: '11', offerTitle: '登山茶饮券', status, priceCoins: 100,
  issuedAt: '2026-06-15T02:00:00.000Z', expiresAt: '2026-06-22T02:00:00.000Z', usedAt: null,
});
const stats = { offers: {}, vouchers: {}, redeemedToday: 3, usedToday: 1, coinsEarned: 300, venuesToday: { visits: 0, bookings: 0, revenue: 0 } };
const refusal = (status: number, code: string) => [status, { error: { code, message: code, details: [] } }];

describe("the merchant's console", () => {
  beforeEach(() => {
    bff.mockReset();
    staffSignedIn(storage, 'merchant');
  });

  it("keeps check-in, today's redemptions and the offers usable when today's figures fail to load", async () => {
    let statsUp = false;
    bff.mockImplementation(async (method: string, path: string) => {
      if (path === '/merchant/stats') return statsUp ? [200, stats] : refusal(503, 'SERVICE_UNAVAILABLE');
      if (path.startsWith('/merchant/offers')) return [200, { items: [offer], nextCursor: null }];
      if (path.startsWith('/merchant/vouchers?')) return [200, { items: [voucher('issued')], nextCursor: null }];
      if (method === 'POST' && path === '/merchant/vouchers/redeem') return refusal(404, 'NOT_FOUND');
      return refusal(404, 'NOT_FOUND');
    });
    render(<MerchantConsole />);
    await waitFor(() => expect(screen.getAllByTestId('merchant-offer')).toHaveLength(1));
    expect(screen.getAllByTestId('merchant-voucher')).toHaveLength(1);
    expect(screen.queryByTestId('state-error')).toBeNull();
    expect(screen.getByTestId('merchant-part-error').textContent).toMatch(/^今日数据没有读到：/);
    expect(screen.queryByTestId('merchant-stats')).toBeNull();

    // Check-in still works, and its notice goes as soon as another code is typed.
    type('checkin-code', 'WRONG');
    await act(async () => fireEvent.click(screen.getByTestId('checkin')));
    await waitFor(() => expect(screen.getByTestId('checkin-notice')).toBeTruthy());
    type('checkin-code', 'AAAA');
    expect(screen.queryByTestId('checkin-notice')).toBeNull();

    statsUp = true;
    await act(async () => fireEvent.click(screen.getByText('重试')));
    await waitFor(() => expect(screen.getByTestId('merchant-stat-redeemed').textContent).toBe('3'));
    expect(screen.queryByTestId('merchant-part-error')).toBeNull();
  });

  it('refunds a voucher only once the merchant confirms, and once however often the confirm button is tapped', async () => {
    let refunded = 0;
    bff.mockImplementation(async (method: string, path: string) => {
      if (path === '/merchant/stats') return [200, stats];
      if (path.startsWith('/merchant/offers')) return [200, { items: [], nextCursor: null }];
      if (path.startsWith('/merchant/vouchers?')) return [200, { items: [voucher(refunded > 0 ? 'refunded' : 'issued')], nextCursor: null }];
      if (method === 'POST' && path === '/merchant/vouchers/40/refund') {
        refunded += 1;
        return [200, { voucher: voucher('refunded') }];
      }
      return refusal(404, 'NOT_FOUND');
    });
    render(<MerchantConsole />);
    // Found outside act(): inside it React holds the answers back until act() ends.
    const refund = await screen.findByTestId('refund-voucher');
    await act(async () => fireEvent.click(refund));
    expect(screen.getByTestId('refund-voucher-question').textContent).toMatch(/给这张「登山茶饮券」券退款？.*不能撤销/);
    await act(async () => fireEvent.click(screen.getByTestId('refund-voucher-keep')));
    expect(screen.queryByTestId('refund-voucher-question')).toBeNull();
    expect(refunded).toBe(0);

    await act(async () => fireEvent.click(screen.getByTestId('refund-voucher')));
    const confirm = screen.getByTestId('refund-voucher-confirm');
    await act(async () => {
      fireEvent.click(confirm);
      fireEvent.click(confirm);
    });
    await waitFor(() => expect(screen.getByTestId('merchant-voucher').textContent).toMatch(/已退款/));
    expect(refunded).toBe(1);
    expect(screen.queryByTestId('refund-voucher')).toBeNull();
  });
});
