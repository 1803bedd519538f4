import { act, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes, refusal } from './fake-taro';

/**
 * The BFF as the entry pass sees it: every request goes to `bff`, storage is a map with a user's
 * session. The page is shown and hidden as Taro would: `page.hide()` and `page.show()` call the
 * page's useDidHide and useDidShow callbacks.
 */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
const lifecycle = vi.hoisted(() => ({ show: new Set<() => void>(), hide: new Set<() => void>() }));
vi.mock('@tarojs/taro', async (importOriginal) => {
  const { useEffect, useRef } = await import('react');
  const listen = (listeners: Set<() => void>) => (callback: () => void) => {
    const latest = useRef(callback);
    latest.current = callback;
    useEffect(() => {
      const call = () => latest.current();
      listeners.add(call);
      return () => void listeners.delete(call);
    }, []);
  };
  return { ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff), useDidShow: listen(lifecycle.show), useDidHide: listen(lifecycle.hide) };
});

const { default: Pass } = await import('../src/packages/venues/pages/pass/index');

const page = {
  show: () => act(() => lifecycle.show.forEach((call) => call())),
  hide: () => act(() => lifecycle.hide.forEach((call) => call())),
};

// 22:28 in Shanghai, the business time zone the page falls back on; the user went in at 21:43.
const NOW = new Date('2026-06-15T14:28:00.000Z');
const ENTERED_AT = '2026-06-15T13:43:00.000Z';
const OPEN_VISIT = {
  id: '31', facilityId: '7', facilityName: '标准泳池', venueId: '5', venueName: '城北游泳馆', activity: 'swimming', status: 'open',
  enteredAt: ENTERED_AT, leftAt: null, minutes: null, fee: null, calories: null, coinsEarned: null, campaignCoins: 0, bookingId: null, bookingCoins: null,
};
const closed = () => ({ ...OPEN_VISIT, status: 'closed', leftAt: new Date().toISOString(), minutes: 45, fee: 40, calories: 270, coinsEarned: 270 });
const CODES = ['AAAABBBBCCCCDDDDEEEE', 'FFFFGGGGHHHHJJJJKKKK', 'MMMMNNNNPPPPQQQQRRRR', 'SSSSTTTTUUUUVVVVWWWW'];

/** The BFF's visits, newest first, as the gate leaves them; passes are handed out in the order of CODES. */
function bffWith(visits: { items: unknown[] }) {
  let passes = 0;
  answerRoutes(bff, {
    'POST /visits/pass': () => {
      const issued = Date.now();
      return [201, { code: CODES[passes++], issuedAt: new Date(issued).toISOString(), expiresAt: new Date(issued + 60_000).toISOString() }];
    },
    'GET /visits': () => [200, { items: visits.items, nextCursor: null }],
  });
}

const requests = (method: string, path: string) => bff.mock.calls.filter(([m, p]) => m === method && p.split('?')[0] === path);
const shownCode = () => screen.getByTestId('pass-qr').dataset.text;

/** Lets the page's promises settle and moves the fake clock (and the timers) on. */
async function elapse(ms: number) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}

describe('the entry pass at the gate', () => {
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
    storage.set('cb.token', 'user-token');
    vi.useFakeTimers({ now: NOW });
  });
  afterEach(() => vi.useRealTimers());

  it('shows the visit as started with a new code within seconds of the entry scan, and the receipt with another after the exit scan', async () => {
    const visits = { items: [] as unknown[] };
    bffWith(visits);
    render(<Pass />);
    await elapse(0);
    expect(shownCode()).toBe(CODES[0]);
    expect(screen.queryByTestId('inside-since')).toBeNull();

    // The gate lets the user in with the code on screen: it is spent.
    visits.items = [OPEN_VISIT];
    await elapse(3_000);
    expect(screen.getByTestId('inside-since').textContent).toBe('城北游泳馆 · 标准泳池 · 21:43 入场，离场时再出示入场码');
    expect(shownCode()).toBe(CODES[1]);
    // The new code comes with a full life ahead of it.
    expect(screen.getByTestId('pass-countdown').textContent).toMatch(/^(49|50) 秒后自动刷新$/);

    // Still inside: nothing changes, and the code is not renewed early.
    await elapse(9_000);
    expect(shownCode()).toBe(CODES[1]);
    expect(requests('POST', '/visits/pass')).toHaveLength(2);

    // The gate lets the user out with the second code: the receipt shows, as in the workouts.
    visits.items = [closed()];
    await elapse(3_000);
    expect(screen.queryByTestId('inside-since')).toBeNull();
    expect(screen.getByTestId('receipt').textContent).toBe('45 分钟时长40 金币场地费270 千卡消耗+270运动金币');
    expect(shownCode()).toBe(CODES[2]);
  });

  it('asks for the latest visit one request at a time, keeps working through failed reads, and asks nothing while hidden or gone', async () => {
    const visits = { items: [] as unknown[] };
    bffWith(visits);
    const answerVisits = bff.getMockImplementation()!;
    // The third read hangs until the test answers it, the fourth fails.
    let reads = 0;
    let answerHung: () => void = () => undefined;
    bff.mockImplementation(async (method: string, path: string, body: unknown, header: Record<string, string>) => {
      if (path.split('?')[0] !== '/visits') return answerVisits(method, path, body, header);
      reads += 1;
      if (reads === 3) await new Promise<void>((resolve) => (answerHung = resolve));
      if (reads === 4) return refusal(503, 'SERVICE_UNAVAILABLE');
      return answerVisits(method, path, body, header);
    });
    const view = render(<Pass />);
    await elapse(0);
    expect(requests('GET', '/visits')).toHaveLength(1);
    // Only the newest visit is asked for.
    expect(requests('GET', '/visits')[0][1]).toMatch(/[?&]limit=1(&|$)/);
    await elapse(6_000);
    expect(requests('GET', '/visits')).toHaveLength(3);

    // A slow answer holds the next read back, however long it takes.
    await elapse(12_000);
    expect(requests('GET', '/visits')).toHaveLength(3);
    answerHung();
    await elapse(0);
    await elapse(3_000);
    expect(requests('GET', '/visits')).toHaveLength(4);

    // The fourth read failed: nothing is said, and the next read, which sees the entry, goes out as usual.
    expect(screen.queryByTestId('pass-error')).toBeNull();
    expect(shownCode()).toBe(CODES[0]);
    visits.items = [OPEN_VISIT];
    await elapse(3_000);
    expect(requests('GET', '/visits')).toHaveLength(5);
    expect(screen.getByTestId('inside-since')).toBeTruthy();
    expect(shownCode()).toBe(CODES[1]);

    // Hidden, the page asks nothing; shown again, it asks at once and every few seconds after.
    page.hide();
    await elapse(30_000);
    expect(requests('GET', '/visits')).toHaveLength(5);
    page.show();
    await elapse(0);
    expect(requests('GET', '/visits')).toHaveLength(6);
    await elapse(3_000);
    expect(requests('GET', '/visits')).toHaveLength(7);

    // Gone, it asks nothing more.
    view.unmount();
    await elapse(30_000);
    expect(requests('GET', '/visits')).toHaveLength(7);
  });
});
