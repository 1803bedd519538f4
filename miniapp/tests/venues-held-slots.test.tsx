import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useDidShow } from '@tarojs/taro';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes } from './fake-taro';

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

// 10:00 in Shanghai, the business time zone the page falls back on: the slots at noon and 14:00 are today's.
const NOW = new Date('2026-06-15T02:00:00.000Z');
const inHours = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000).toISOString();
const slotOf = (id: string, hours: number) => ({ id, facilityId: '8', startsAt: inHours(hours), endsAt: inHours(hours + 1), capacity: 8, placesLeft: 5, priceCoins: 60 });
const VENUE = {
  id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'live', rejectReason: null,
  openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '00:00', closes: '23:59' })),
  facilities: [
    {
      id: '8', venueId: '5', name: '乒乓球馆', activity: 'table_tennis', kind: 'booking', capacity: 8, inside: 0, longestStayMinutes: 120,
      pricePerPeriod: null, holdCoins: null, cancelDeadlineMinutes: 60, slots: [slotOf('91', 2), slotOf('92', 4)],
    },
  ],
};
const ME = { user: { id: '1', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false }, wallet: { balance: 500 }, today: { date: '2026-06-15', steps: 0, calories: 0, coins: 0, workoutCoins: 0, workoutRewardCoins: 0 } };
const bookingOf = (id: string, slotId: string, status: string, createdAt = inHours(-1)) => ({
  id, slotId, status, startsAt: inHours(2), endsAt: inHours(3), facilityId: '8', facilityName: '乒乓球馆', venueId: '5', venueName: '城北体育中心',
  priceCoins: 60, cancellableUntil: inHours(1), createdAt, turnedAwayAt: null,
});

const row = (slotId: string) => screen.getAllByTestId('slot').find((slot) => slot.dataset.slotId === slotId) as HTMLElement;
const inRow = (slotId: string, testId: string) => row(slotId).querySelector(`[data-testid=${testId}]`) as HTMLElement | null;
/** What the page does when it shows again, back from another page. */
const showAgain = () => act(async () => vi.mocked(useDidShow).mock.calls.at(-1)![0]());

describe('the slots the user has booked', () => {
  let bookings: unknown[];
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
    storage.set('cb.token', 'user-token');
    vi.useFakeTimers({ now: NOW, toFake: ['Date'] });
    bookings = [bookingOf('70', '91', 'booked')];
    answerRoutes(bff, {
      'GET /venues/5': () => [200, { venue: VENUE }],
      'GET /me': () => [200, ME],
      'GET /bookings': () => [200, { items: bookings, nextCursor: null }],
      'POST /venues/slots/92/book': () => {
        bookings = [bookingOf('71', '92', 'booked'), ...bookings];
        return [201, { booking: bookings[0], balance: 440 }];
      },
    });
  });
  afterEach(() => vi.useRealTimers());

  it('says 已预约 in place of the book button of a slot held, after booking one, and offers it again once cancelled', async () => {
    render(<VenueDetail />);
    await waitFor(() => expect(inRow('91', 'slot-held')?.textContent).toBe('已预约'));
    expect(inRow('91', 'book-slot')).toBeNull();
    expect(inRow('92', 'book-slot')?.textContent).toBe('预约');

    await act(async () => fireEvent.click(inRow('92', 'book-slot')!));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-book')));
    await waitFor(() => expect(inRow('92', 'slot-held')?.textContent).toBe('已预约'));
    expect(inRow('92', 'book-slot')).toBeNull();
    expect(inRow('92', 'book-notice')?.textContent).toBe('预约成功，到场后出示入场码');
    expect(bff.mock.calls.filter(([method]) => method === 'POST')).toHaveLength(1);

    // Cancelled on the bookings page; back on the venue, the slot may be booked again.
    bookings = [bookingOf('71', '92', 'booked'), bookingOf('70', '91', 'cancelled')];
    await showAgain();
    await waitFor(() => expect(inRow('91', 'book-slot')?.textContent).toBe('预约'));
    expect(inRow('91', 'slot-held')).toBeNull();
    expect(inRow('92', 'slot-held')?.textContent).toBe('已预约');
  });

  it('reads older pages of bookings only as far back as a slot on the page could have been booked', async () => {
    const pages: Record<string, [number, unknown]> = {
      first: [200, { items: [bookingOf('75', '99', 'used', inHours(-30))], nextCursor: 'c2' }],
      c2: [200, { items: [bookingOf('70', '91', 'booked', inHours(-100))], nextCursor: 'c3' }],
      c3: [200, { items: [bookingOf('60', '50', 'booked', inHours(-300))], nextCursor: 'c4' }],
    };
    bff.mockImplementation(async (method: string, path: string) => {
      if (path.startsWith('/bookings')) return pages[new URLSearchParams(path.split('?')[1]).get('cursor') ?? 'first'];
      if (path === '/venues/5') return [200, { venue: VENUE }];
      if (path === '/me') return [200, ME];
      return [503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'later' } }];
    });
    render(<VenueDetail />);
    await waitFor(() => expect(inRow('91', 'slot-held')?.textContent).toBe('已预约'));
    // The third page starts with a booking made 12.5 days ago: no slot shown now was bookable then, so no fourth is asked for.
    expect(bff.mock.calls.filter(([, path]) => String(path).startsWith('/bookings')).map(([, path]) => new URLSearchParams(String(path).split('?')[1]).get('cursor'))).toEqual([null, 'c2', 'c3']);
  });

  it('asks in the slot row, in place of its button, with 再想想 as the way back that books nothing', async () => {
    bookings = [];
    render(<VenueDetail />);
    await waitFor(() => expect(inRow('92', 'book-slot')).not.toBeNull());
    await act(async () => fireEvent.click(inRow('92', 'book-slot')!));
    const question = inRow('92', 'book-confirm');
    expect(question?.textContent).toMatch(/^确认预约「乒乓球馆」今天 14:00–15:00，支付 60 金币？/);
    expect(inRow('92', 'book-slot')).toBeNull();
    expect(inRow('91', 'book-confirm')).toBeNull();
    const back = inRow('92', 'book-back')!;
    expect(back.textContent).toBe('再想想');
    await act(async () => fireEvent.click(back));
    expect(screen.queryByTestId('book-confirm')).toBeNull();
    expect(inRow('92', 'book-slot')?.textContent).toBe('预约');
    expect(bff.mock.calls.filter(([method]) => method === 'POST')).toHaveLength(0);
  });
});
