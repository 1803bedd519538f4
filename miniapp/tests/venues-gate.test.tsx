import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { type } from './fields';

/** The BFF as the gate sees it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaro(await importOriginal(), storage, async (options: { url: string; method: string; data?: unknown }) => {
    const [status, data] = (await bff(options.method, options.url.replace('/api/v1', ''), options.data)) as [number, unknown];
    return { statusCode: status, data, header: {}, errMsg: 'request:ok' };
  }),
  useRouter: () => ({ params: {} }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
}));

const { default: Gate } = await import('../src/packages/merchant/pages/gate/index');

const FACILITIES = [
  { id: '7', venueId: '5', name: '标准泳池', activity: 'swimming', kind: 'walk_in', capacity: 2, inside: 0, longestStayMinutes: 120, pricePerPeriod: 20, holdCoins: 80, cancelDeadlineMinutes: null },
  { id: '8', venueId: '5', name: '乒乓球馆', activity: 'table_tennis', kind: 'booking', capacity: 8, inside: 0, longestStayMinutes: 120, pricePerPeriod: null, holdCoins: null, cancelDeadlineMinutes: 60 },
];
const VENUE = { id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'live', rejectReason: null, openingHours: [], facilities: FACILITIES };
const live = (people: { visitId: string; facilityId: string; nickname: string; since: string }[]) => ({
  venueId: '5', at: '2026-06-15T02:45:00.000Z', pollSeconds: 5,
  facilities: FACILITIES.map((facility) => ({ id: facility.id, name: facility.name, kind: facility.kind, capacity: facility.capacity, inside: people.filter((person) => person.facilityId === facility.id).length })),
  people,
});

describe('the venue gate', () => {
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
    storage.set('cb.staff.token', 'm-token');
    storage.set('cb.staff.role', 'merchant');
  });

  it('lets a user in with their pass code once however often it is tapped, lets them out with the receipt, and says why a code is refused', async () => {
    const inside: { visitId: string; facilityId: string; nickname: string; since: string }[] = [];
    const bodies: unknown[] = [];
    let enter: (answer: unknown) => void = () => undefined;
    bff.mockImplementation(async (method: string, path: string, body: { code?: string; facilityId?: string; visitId?: string }) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [VENUE], nextCursor: null }];
      if (path === '/merchant/venues/5/live') return [200, live(inside)];
      if (path === '/merchant/gate/enter') {
        bodies.push(body);
        if (body.code !== 'AAAABBBBCCCCDDDDEEEE') return [422, { error: { code: 'ENTRY_CODE_INVALID', message: 'expired' } }];
        return new Promise((resolve) => (enter = resolve));
      }
      if (path === '/merchant/gate/exit') {
        bodies.push(body);
        inside.length = 0;
        return [200, { visit: { id: '31', minutes: 45, fee: 40, calories: 270, coinsEarned: 270 }, balance: 730 }];
      }
      return [404, { error: { code: 'NOT_FOUND', message: path } }];
    });
    render(<Gate />);
    await waitFor(() => expect(screen.getByTestId('gate-venue-name').textContent).toBe('城北体育中心'));
    expect(screen.getAllByTestId('gate-facility').map((chip) => chip.textContent)).toEqual(['标准泳池 · 0/2', '乒乓球馆 · 0/8']);

    type('gate-code', 'zzzz-old');
    await act(async () => fireEvent.click(screen.getByTestId('gate-enter')));
    await waitFor(() => expect(screen.getByTestId('gate-notice').textContent).toBe('入场码无效或已过期，请刷新后重新出示。'));

    type('gate-code', 'aaaa bbbb cccc dddd eeee');
    const button = screen.getByTestId('gate-enter');
    await act(async () => {
      fireEvent.click(button);
      fireEvent.click(button);
    });
    await waitFor(() => expect(bodies).toHaveLength(2));
    inside.push({ visitId: '31', facilityId: '7', nickname: '小林', since: '2026-06-15T02:00:00.000Z' });
    await act(async () => enter([201, { visit: { id: '31', facilityId: '7', userId: '1', nickname: '小林', enteredAt: '2026-06-15T02:00:00.000Z', holdCoins: 80, bookingId: null }, balance: 420 }]));
    await waitFor(() => expect(screen.getByTestId('gate-notice').textContent).toBe('已入场：小林，冻结 80 金币'));
    expect(bodies).toEqual([{ facilityId: '7', code: 'ZZZZOLD' }, { facilityId: '7', code: 'AAAABBBBCCCCDDDDEEEE' }]);
    await waitFor(() => expect(screen.getAllByTestId('gate-person').map((row) => row.textContent)).toEqual(['小林10:00 入场离场']));
    expect(screen.getAllByTestId('gate-facility')[0].textContent).toBe('标准泳池 · 1/2');

    // Letting out charges the fee, so it is asked first; the confirm button sends once however often it is tapped.
    await act(async () => fireEvent.click(screen.getByTestId('gate-let-out')));
    const confirm = screen.getByTestId('gate-let-out-confirm');
    await act(async () => {
      fireEvent.click(confirm);
      fireEvent.click(confirm);
    });
    await waitFor(() => expect(screen.getByTestId('gate-receipt').textContent).toBe('已离场停留45 分钟费用40 金币消耗270 千卡获得+270 金币'));
    expect(bodies).toHaveLength(3);
    expect(bodies[2]).toEqual({ visitId: '31' });
    await waitFor(() => expect(screen.queryAllByTestId('gate-person')).toHaveLength(0));
  });
});
