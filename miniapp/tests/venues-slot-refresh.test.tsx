import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes, refusal } from './fake-taro';

/** The BFF as the venue page sees it: every request goes to `bff`, storage is a map with a user's session. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff),
  useRouter: () => ({ params: { id: '5' } }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
}));

const { default: VenueDetail } = await import('../src/packages/venues/pages/detail/index');

// 10:00 in Shanghai, the business time zone the page falls back on: the slot at noon is today's.
const NOW = new Date('2026-06-15T02:00:00.000Z');
const inHours = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();
const slotOf = (placesLeft: number) => ({ id: '91', facilityId: '8', startsAt: inHours(2), endsAt: inHours(3), capacity: 8, placesLeft, priceCoins: 60 });
const venueOf = (placesLeft: number) => ({
  id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'live', rejectReason: null,
  openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })),
  facilities: [
    {
      id: '8', venueId: '5', name: '乒乓球馆', activity: 'table_tennis', kind: 'booking', capacity: 8, inside: 0, longestStayMinutes: 120,
      pricePerPeriod: null, holdCoins: null, cancelDeadlineMinutes: 60, slots: [slotOf(placesLeft)],
    },
  ],
});
const ME = { user: { id: '1', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false }, wallet: { balance: 500 }, today: { date: '2026-06-15', steps: 0, calories: 0, coins: 0, workoutCoins: 0, workoutRewardCoins: 0 } };

const bookButton = () => screen.getByTestId('book-slot');
const slotMeta = () => screen.getByTestId('slot').querySelector('.slot__meta')?.textContent;

describe('booking a slot that filled meanwhile', () => {
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
    storage.set('cb.token', 'user-token');
    // Only the clock is fixed; timers stay real, for waitFor.
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
  });
  afterEach(() => vi.useRealTimers());

  it.each([
    ['SLOT_FULL', '这个时段已约满，换个时段吧。'],
    ['SLOT_NOT_BOOKABLE', '这个时段现在不能预约：已开始或场馆未开放。'],
  ])('reads the slots again after %s, so the row shows it full with its button off, and keeps saying why', async (code, sentence) => {
    // Others fill the slot while the user books: the BFF's word on it changes from 8 left to none.
    let placesLeft = 8;
    let lost = true;
    answerRoutes(bff, {
      'GET /venues/5': () => [200, { venue: venueOf(placesLeft) }],
      'GET /me': () => [200, ME],
      'GET /bookings': () => [200, { items: [], nextCursor: null }],
      'POST /venues/slots/91/book': () => {
        if (!lost) return refusal(409, code);
        lost = false;
        return Promise.reject(new Error('request:fail timeout'));
      },
    });
    const venueReads = () => bff.mock.calls.filter(([method, path]) => method === 'GET' && path === '/venues/5');
    render(<VenueDetail />);
    await waitFor(() => expect(slotMeta()).toBe('60 金币 · 剩 8 位'));
    expect(bookButton().hasAttribute('disabled')).toBe(false);

    // A lost answer says nothing about the slot: it is not read again, and booking may be tried again.
    await act(async () => fireEvent.click(bookButton()));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-book')));
    await waitFor(() => expect(screen.getByTestId('book-notice').textContent).toBe('网络不太好，请检查网络后重试。'));
    expect(venueReads()).toHaveLength(1);

    await act(async () => fireEvent.click(bookButton()));
    placesLeft = 0;
    await act(async () => fireEvent.click(screen.getByTestId('confirm-book')));

    await waitFor(() => expect(slotMeta()).toBe('60 金币 · 已约满'));
    // Disabled for the slot's sake, not only while the booking runs.
    await act(async () => undefined);
    expect(bookButton().hasAttribute('disabled')).toBe(true);
    expect(screen.getByTestId('book-notice').textContent).toBe(sentence);
    expect(screen.queryByTestId('book-confirm')).toBeNull();
    expect(venueReads()).toHaveLength(2);
  });
});
