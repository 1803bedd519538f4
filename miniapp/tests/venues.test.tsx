import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await importOriginal<object>()),
  useRouter: () => ({ params: { id: '5' } }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
}));

const venuesApi = vi.hoisted(() => ({ venues: vi.fn(), venue: vi.fn(), book: vi.fn(), bookings: vi.fn(), cancelBooking: vi.fn(), pass: vi.fn(), visits: vi.fn() }));
vi.mock('../src/packages/venues/api', () => ({ venuesApi }));
const api = vi.hoisted(() => ({ me: vi.fn() }));
vi.mock('../src/api/client', async (importOriginal) => ({ ...(await importOriginal<object>()), api }));

// The deployment's workout cap as GET /config/client would answer it (the contract's default unless a test sets it).
// `undefined`: a BFF older than the page, whose answer has no workoutRules.
const deployment = vi.hoisted(() => ({ workoutCap: 300 as number | undefined }));
vi.mock('../src/api/client-config', async (importOriginal) => {
  const real = await importOriginal<typeof import('../src/api/client-config')>();
  return {
    ...real,
    useClientConfig: () => ({ ...real.clientConfig(), workoutRules: deployment.workoutCap === undefined ? undefined : { dailyCoinCap: deployment.workoutCap } }),
  };
});

const { ApiError } = await import('../src/api/client');
const { default: Pass } = await import('../src/packages/venues/pages/pass/index');
const { default: Visits } = await import('../src/packages/venues/pages/visits/index');
const { default: VenueDetail } = await import('../src/packages/venues/pages/detail/index');
const { default: Bookings } = await import('../src/packages/venues/pages/bookings/index');

// 10:00 in Shanghai, the business time zone the pages fall back on.
const NOW = new Date('2026-06-15T02:00:00.000Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();
/** A pass as the BFF answers it; `serverOffsetMs` is how far the BFF's clock is from the phone's. */
const passOf = (code: string, seconds = 60, serverOffsetMs = 0) => {
  const issued = Date.now() + serverOffsetMs;
  return { code, issuedAt: new Date(issued).toISOString(), expiresAt: new Date(issued + seconds * 1000).toISOString() };
};
const CLOSED_VISIT = {
  id: '31', facilityId: '7', facilityName: '标准泳池', venueId: '5', venueName: '城北游泳馆', activity: 'swimming', status: 'closed',
  enteredAt: at(-50), leftAt: at(-5), minutes: 45, fee: 40, calories: 270, coinsEarned: 270,
};
const ME = { user: { id: '1', nickname: '小林', avatarUrl: null, weightKg: null, frozen: false }, wallet: { balance: 500 }, today: { date: '2026-06-15', steps: 0, calories: 0, coins: 0, workoutCoins: 0, workoutRewardCoins: 0 } };
/** /me as a BFF before `today.workoutRewardCoins` answered it. */
const ME_BEFORE_CAPS = { ...ME, today: { date: '2026-06-15', steps: 0, calories: 0, coins: 0, workoutCoins: 0 } };
const SLOT = { id: '91', facilityId: '8', startsAt: at(120), endsAt: at(180), capacity: 4, placesLeft: 3, priceCoins: 60 };
const VENUE = {
  id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'live', rejectReason: null,
  openingHours: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, opens: '08:00', closes: '22:00' })),
  facilities: [
    { id: '8', venueId: '5', name: '乒乓球馆', activity: 'table_tennis', kind: 'booking', capacity: 8, inside: 2, longestStayMinutes: 120, pricePerPeriod: null, holdCoins: null, cancelDeadlineMinutes: 60, slots: [SLOT] },
  ],
};

/** Lets the pages' promises settle and moves the fake clock (and the timers) on. */
async function elapse(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('venues', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: NOW });
    Object.values(venuesApi).forEach((mock) => mock.mockReset());
    api.me.mockReset();
    venuesApi.visits.mockResolvedValue({ items: [], nextCursor: null });
    venuesApi.bookings.mockResolvedValue({ items: [], nextCursor: null });
  });
  afterEach(() => vi.useRealTimers());

  it('shows the entry pass as a QR with a countdown and swaps it for a new code before it expires', async () => {
    venuesApi.pass.mockImplementationOnce(async () => passOf('AAAABBBBCCCCDDDDEEEE')).mockImplementationOnce(async () => passOf('FFFFGGGGHHHHJJJJKKKK'));
    render(<Pass />);
    await elapse(0);
    expect(screen.getByTestId('pass-qr').dataset.text).toBe('AAAABBBBCCCCDDDDEEEE');
    expect(screen.getByTestId('pass-code').textContent).toBe('AAAA BBBB CCCC DDDD EEEE');
    // A 60-second code is renewed 10 seconds before it expires.
    expect(screen.getByTestId('pass-countdown').textContent).toBe('50 秒后自动刷新');
    await elapse(45_000);
    expect(screen.getByTestId('pass-countdown').textContent).toBe('5 秒后自动刷新');
    expect(venuesApi.pass).toHaveBeenCalledTimes(1);
    await elapse(5_500);
    expect(venuesApi.pass).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('pass-qr').dataset.text).toBe('FFFFGGGGHHHHJJJJKKKK');
    expect(screen.getByTestId('pass-countdown').textContent).toMatch(/^(49|50) 秒后自动刷新$/);
  });

  it("counts a pass's life from the BFF's issuedAt, not the phone's clock, even an hour off", async () => {
    // The phone is an hour ahead: by its own clock the code would have expired long ago.
    venuesApi.pass.mockImplementationOnce(async () => passOf('AAAABBBBCCCCDDDDEEEE', 60, -3_600_000)).mockImplementationOnce(async () => passOf('FFFFGGGGHHHHJJJJKKKK', 60, 3_600_000));
    render(<Pass />);
    await elapse(0);
    expect(screen.getByTestId('pass-countdown').textContent).toBe('50 秒后自动刷新');
    await elapse(50_500);
    expect(venuesApi.pass).toHaveBeenCalledTimes(2);
    // An hour behind: by the phone's clock the code would live an hour and never be renewed in time.
    expect(screen.getByTestId('pass-countdown').textContent).toMatch(/^(49|50) 秒后自动刷新$/);
  });

  it('keeps a code whose renewal failed until it expires, then fades it and offers a retry in words', async () => {
    venuesApi.pass
      .mockImplementationOnce(async () => passOf('AAAABBBBCCCCDDDDEEEE', 30))
      .mockRejectedValueOnce(new ApiError('NETWORK', 'timeout'))
      .mockImplementationOnce(async () => passOf('FFFFGGGGHHHHJJJJKKKK'));
    render(<Pass />);
    await elapse(20_500);
    expect(venuesApi.pass).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('pass-error').textContent).toMatch(/网络不太好/);
    expect(screen.getByTestId('pass-qr').dataset.text).toBe('AAAABBBBCCCCDDDDEEEE');
    expect(screen.getByTestId('pass-qr').parentElement?.className).toBe('');
    await elapse(10_000);
    expect(screen.getByTestId('pass-qr').parentElement?.className).toBe('pass__qr--stale');
    // Retrying is by hand only: no request went out on its own meanwhile.
    expect(venuesApi.pass).toHaveBeenCalledTimes(2);
    await act(async () => fireEvent.click(screen.getByTestId('pass-retry')));
    await elapse(0);
    expect(screen.getByTestId('pass-qr').dataset.text).toBe('FFFFGGGGHHHHJJJJKKKK');
    expect(screen.queryByTestId('pass-error')).toBeNull();
  });

  it('shows the receipt of a visit just ended under the pass, and every receipt in the workouts', async () => {
    venuesApi.pass.mockImplementation(async () => passOf('AAAABBBBCCCCDDDDEEEE'));
    venuesApi.visits.mockResolvedValue({ items: [CLOSED_VISIT, { ...CLOSED_VISIT, id: '30', status: 'open', leftAt: null, minutes: null, fee: null, calories: null, coinsEarned: null }], nextCursor: null });
    render(<Pass />);
    await elapse(0);
    expect(screen.getByTestId('receipt').textContent).toBe('45 分钟时长40 金币场地费270 千卡消耗+270运动金币');

    cleanup();
    render(<Visits />);
    await elapse(0);
    const visits = screen.getAllByTestId('visit');
    expect(visits.map((visit) => visit.querySelector('[data-testid=visit-status]')?.textContent)).toEqual(['运动小票', '进行中']);
    expect(visits[0].textContent).toMatch(/^城北游泳馆 · 标准泳池运动小票游泳 · 06-15 09:10–09:55/);
    expect(visits[1].querySelector('[data-testid=receipt]')).toBeNull();
  });

  it("previews a workout's coins with what is left of today's workout cap, the deployment's cap", async () => {
    const walkIn = { ...VENUE.facilities[0], id: '9', kind: 'walk_in', pricePerPeriod: 20, holdCoins: 80, cancelDeadlineMinutes: null, slots: [] };
    venuesApi.venue.mockResolvedValue({ venue: { ...VENUE, facilities: [walkIn] } });
    // Table tennis (MET×10 40), the first 60 minutes, the default 60 kg: 240 kcal.
    const previewWith = async (workoutRewardCoins: number, workoutCoins = workoutRewardCoins) => {
      api.me.mockResolvedValue({ ...ME, today: { ...ME.today, workoutCoins, workoutRewardCoins } });
      render(<VenueDetail />);
      await elapse(0);
      const text = screen.getByTestId('workout-preview').textContent;
      cleanup();
      return text;
    };
    expect(await previewWith(0)).toBe('运动 60 分钟约消耗 240 千卡，可得 240 运动金币');
    // 280 of the cap of 300 earned: 20 left. Campaign coins on workouts do not count against the cap.
    expect(await previewWith(280, 380)).toBe('运动 60 分钟约消耗 240 千卡，可得 20 运动金币');
    expect(await previewWith(300)).toBe('运动 60 分钟约消耗 240 千卡；今天的运动金币已到上限，明天再来赚');
    try {
      deployment.workoutCap = 250;
      expect(await previewWith(100)).toBe('运动 60 分钟约消耗 240 千卡，可得 150 运动金币');
      // Workout coins switched off: only what the workout burns.
      deployment.workoutCap = 0;
      expect(await previewWith(0)).toBe('运动 60 分钟约消耗 240 千卡');
      // An older BFF: neither figure; the page assumes none earned and the contract's cap.
      deployment.workoutCap = undefined;
      api.me.mockResolvedValue(ME_BEFORE_CAPS);
      render(<VenueDetail />);
      await elapse(0);
      expect(screen.getByTestId('workout-preview').textContent).toBe('运动 60 分钟约消耗 240 千卡，可得 240 运动金币');
    } finally {
      deployment.workoutCap = 300;
    }
  });

  it('says how many coins a slot still needs instead of asking to book it', async () => {
    api.me.mockResolvedValue({ ...ME, wallet: { balance: 30 } });
    venuesApi.venue.mockResolvedValue({ venue: VENUE });
    render(<VenueDetail />);
    await elapse(0);
    await act(async () => fireEvent.click(screen.getByTestId('book-slot')));
    expect(screen.getByTestId('book-notice').textContent).toBe('金币不足：还差 30 金币，去多走几步吧');
    expect(screen.queryByTestId('book-confirm')).toBeNull();
    expect(venuesApi.book).not.toHaveBeenCalled();
  });

  it('warns before booking a slot whose free cancellation has already closed', async () => {
    api.me.mockResolvedValue(ME);
    const soon = { ...SLOT, id: '93', startsAt: at(30), endsAt: at(90) };
    venuesApi.venue.mockResolvedValue({ venue: { ...VENUE, facilities: [{ ...VENUE.facilities[0], slots: [soon] }] } });
    render(<VenueDetail />);
    await elapse(0);
    await act(async () => fireEvent.click(screen.getByTestId('book-slot')));
    expect(screen.getByTestId('book-no-cancel').textContent).toBe('这个时段已过免费取消的截止时间：预约后不能取消，金币不退。');
    expect(screen.queryByTestId('book-cancel-until')).toBeNull();
  });

  it('books a slot only after the price is confirmed, once however often confirm is tapped, and keeps the key until the answer', async () => {
    api.me.mockResolvedValue(ME);
    const later = { ...SLOT, id: '92', startsAt: at(240), endsAt: at(300) };
    venuesApi.venue.mockResolvedValue({ venue: { ...VENUE, facilities: [{ ...VENUE.facilities[0], slots: [SLOT, later] }] } });
    let answer: (value: unknown) => void = () => undefined;
    venuesApi.book
      .mockRejectedValueOnce(new ApiError('NETWORK', 'timeout'))
      .mockImplementationOnce(() => new Promise((resolve) => (answer = resolve)))
      .mockRejectedValueOnce(new ApiError('SLOT_FULL', 'full', 409));
    render(<VenueDetail />);
    await elapse(0);
    const row = (index: number) => screen.getAllByTestId('slot')[index];
    const inRow = (index: number, testId: string) => row(index).querySelector(`[data-testid=${testId}]`) as HTMLElement;
    expect(screen.getByTestId('facility-price').textContent).toBe('60 金币/场 · 最长 120 分钟');
    expect(row(0).textContent).toBe('12:00–13:0060 金币 · 剩 3 位预约');

    await act(async () => fireEvent.click(inRow(0, 'book-slot')));
    expect(venuesApi.book).not.toHaveBeenCalled();
    // One hour of table tennis at the default 60 kg: floor(40 × 60 × 60 / 600) = 240 kcal.
    expect(inRow(0, 'book-confirm').textContent).toMatch(/^确认预约「乒乓球馆」今天 12:00–13:00，支付 60 金币？运动 60 分钟约消耗 240 千卡，可得 240 运动金币/);
    // The slot starts in two hours and the deadline is an hour before it.
    expect(screen.getByTestId('book-cancel-until').textContent).toBe('06-15 11:00 前可免费取消');
    expect(screen.queryByTestId('book-no-cancel')).toBeNull();
    await act(async () => fireEvent.click(screen.getByTestId('confirm-book')));
    expect(inRow(0, 'book-notice').textContent).toBe('网络不太好，请检查网络后重试。');

    await act(async () => fireEvent.click(inRow(0, 'book-slot')));
    const confirm = screen.getByTestId('confirm-book');
    await act(async () => {
      fireEvent.click(confirm);
      fireEvent.click(confirm);
    });
    expect(venuesApi.book).toHaveBeenCalledTimes(2);
    await act(async () => answer({ booking: { id: '70', slotId: '91', status: 'booked' }, balance: 440 }));
    expect(inRow(0, 'book-notice').textContent).toBe('预约成功，到场后出示入场码');
    // The retry after the lost answer went out under the same key.
    expect(venuesApi.book.mock.calls[1]).toEqual(venuesApi.book.mock.calls[0]);

    await act(async () => fireEvent.click(inRow(1, 'book-slot')));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-book')));
    expect(inRow(1, 'book-notice').textContent).toBe('这个时段已约满，换个时段吧。');
    expect(venuesApi.book.mock.calls[2][1]).not.toBe(venuesApi.book.mock.calls[0][1]);
  });

  it('cancels a booking after asking, once however often it is tapped, and says in words when the deadline has passed', async () => {
    const booking = { id: '70', slotId: '91', status: 'booked', startsAt: at(120), endsAt: at(180), facilityId: '8', facilityName: '乒乓球馆', venueId: '5', venueName: '城北体育中心', priceCoins: 60, cancellableUntil: at(60), createdAt: at(-5) };
    venuesApi.bookings.mockResolvedValue({ items: [booking], nextCursor: null });
    venuesApi.cancelBooking.mockRejectedValueOnce(new ApiError('BOOKING_NOT_CANCELLABLE', 'late', 409)).mockResolvedValueOnce({ booking: { ...booking, status: 'cancelled' }, balance: 500 });
    render(<Bookings />);
    await elapse(0);
    expect(screen.getByTestId('booking-time').textContent).toBe('06-15 12:00–13:00 · 60 金币');
    await act(async () => fireEvent.click(screen.getByTestId('cancel-booking')));
    expect(venuesApi.cancelBooking).not.toHaveBeenCalled();
    // Asked whether to cancel, the way back does not also say "cancel".
    expect(screen.getByTestId('keep-booking').textContent).toBe('再想想');
    await act(async () => fireEvent.click(screen.getByTestId('confirm-cancel')));
    await elapse(0);
    expect(screen.getByTestId('bookings-notice').textContent).toBe('已过取消截止时间，不能退订。');

    venuesApi.bookings.mockResolvedValue({ items: [{ ...booking, status: 'cancelled' }], nextCursor: null });
    await act(async () => fireEvent.click(screen.getByTestId('cancel-booking')));
    const confirm = screen.getByTestId('confirm-cancel');
    await act(async () => {
      fireEvent.click(confirm);
      fireEvent.click(confirm);
    });
    await elapse(0);
    expect(venuesApi.cancelBooking).toHaveBeenCalledTimes(2);
    expect(screen.getByTestId('bookings-notice').textContent).toBe('已取消，金币已退回');
    expect(screen.getByTestId('booking-status').textContent).toBe('已取消');
    expect(screen.queryByTestId('cancel-booking')).toBeNull();
  });

  it('offers a full refund past the deadline for a booking turned away at a full gate, and for no other', async () => {
    const late = { id: '71', slotId: '92', status: 'booked', startsAt: at(10), endsAt: at(70), facilityId: '8', facilityName: '乒乓球馆', venueId: '5', venueName: '城北体育中心', priceCoins: 60, cancellableUntil: at(-50), createdAt: at(-600), turnedAwayAt: null };
    venuesApi.bookings.mockResolvedValue({ items: [{ ...late, id: '72', turnedAwayAt: at(-2) }, late], nextCursor: null });
    venuesApi.cancelBooking.mockResolvedValue({ booking: { ...late, id: '72', status: 'cancelled' }, balance: 560 });
    render(<Bookings />);
    await elapse(0);
    const [turned, ordinary] = screen.getAllByTestId('booking');
    expect(turned.querySelector('[data-testid=booking-turned-away]')?.textContent).toBe('到场时场馆已满员，未能入场：可取消预约，金币全额退回');
    expect(ordinary.querySelector('[data-testid=booking-turned-away]')).toBeNull();
    expect(ordinary.querySelector('[data-testid=cancel-booking]')).toBeNull();
    // The one that cannot be cancelled says why, with the deadline that passed.
    expect(ordinary.querySelector('[data-testid=booking-cancel-closed]')?.textContent).toBe('免费取消已于 06-15 09:10 截止，不能再取消');
    expect(turned.querySelector('[data-testid=booking-cancel-closed]')).toBeNull();
    await act(async () => fireEvent.click(turned.querySelector('[data-testid=cancel-booking]')!));
    await act(async () => fireEvent.click(screen.getByTestId('confirm-cancel')));
    await elapse(0);
    expect(venuesApi.cancelBooking).toHaveBeenCalledWith('72');
  });
});
