import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';

/** The BFF as the gate and the live screen see it: every request goes to `bff`; pages opened are recorded. */
const bff = vi.hoisted(() => vi.fn());
const opened = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff, { navigateTo: opened }),
  useRouter: () => ({ params: {} }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
}));

const { default: Gate } = await import('../src/packages/merchant/pages/gate/index');
const { default: LiveScreen } = await import('../src/packages/merchant/pages/live/index');

const POOL = { id: '7', venueId: '5', name: '标准泳池', activity: 'swimming', kind: 'walk_in', capacity: 2, inside: 1, longestStayMinutes: 120, pricePerPeriod: 20, holdCoins: 80, cancelDeadlineMinutes: null };
const venue = (id: string, name: string, facilities: (typeof POOL)[]) => ({
  id, merchantId: '2', merchantName: '城北体育', name, address: '北三环 1 号', status: 'live', rejectReason: null, openingHours: [], facilities,
});
const liveOf = (venueId: string, facilities: (typeof POOL)[], people: { visitId: string; facilityId: string; nickname: string; since: string }[] = []) => ({
  venueId, at: '2026-06-15T02:45:00.000Z', pollSeconds: 5,
  facilities: facilities.map((facility) => ({ id: facility.id, name: facility.name, kind: facility.kind, capacity: facility.capacity, inside: facility.inside })),
  people,
});
const notFound = (path: string) => [404, { error: { code: 'NOT_FOUND', message: path, details: [] } }];

describe("the merchant's gate and live screen", () => {
  beforeEach(() => {
    bff.mockReset();
    opened.mockReset();
    staffSignedIn(storage, 'merchant');
  });

  it('says why the gate cannot let anyone in at a venue without facilities, and offers no scan button in a browser', async () => {
    bff.mockImplementation(async (method: string, path: string) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [venue('5', '城北体育中心', [])], nextCursor: null }];
      if (path === '/merchant/venues/5/live') return [200, liveOf('5', [])];
      return notFound(path);
    });
    render(<Gate />);
    const why = await screen.findByTestId('gate-no-facilities');
    expect(why.textContent).toBe('这个场馆还没有场地，先新增场地才能入场和离场。去新增场地');
    fireEvent.click(screen.getByText('去新增场地'));
    expect(opened).toHaveBeenCalledWith({ url: '/packages/merchant/pages/facilities/index?venue=5' });
    expect(screen.queryByTestId('gate-scan')).toBeNull();
    expect(screen.getByTestId('gate-code').getAttribute('placeholder') ?? screen.getByTestId('gate-code').querySelector('input')?.getAttribute('placeholder')).toBe('输入用户出示的入场码');
  });

  it('lets nobody out until the question is answered, and takes the way back without sending anything', async () => {
    const exits: unknown[] = [];
    bff.mockImplementation(async (method: string, path: string, body: unknown) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [venue('5', '城北体育中心', [POOL])], nextCursor: null }];
      if (path === '/merchant/venues/5/live') return [200, liveOf('5', [POOL], [{ visitId: '31', facilityId: '7', nickname: '小林', since: '2026-06-15T02:00:00.000Z' }])];
      if (path === '/merchant/gate/exit') exits.push(body);
      return notFound(path);
    });
    render(<Gate />);
    const letOut = await screen.findByTestId('gate-let-out');
    await act(async () => fireEvent.click(letOut));
    expect(screen.getByTestId('gate-let-out-question').textContent).toMatch(/^让「小林」离场？会按停留时长扣除费用，离场后不能撤销。再想想确认离场$/);
    await act(async () => fireEvent.click(screen.getByTestId('gate-let-out-keep')));
    expect(screen.queryByTestId('gate-let-out-question')).toBeNull();
    expect(screen.getByTestId('gate-let-out')).toBeTruthy();
    expect(exits).toEqual([]);
  });

  it('switches the live screen between venues, and says so when a venue has no facilities yet', async () => {
    bff.mockImplementation(async (method: string, path: string) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [venue('6', '城南新馆', []), venue('5', '城北体育中心', [POOL])], nextCursor: null }];
      if (path === '/merchant/venues/6/live') return [200, liveOf('6', [])];
      if (path === '/merchant/venues/5/live') return [200, liveOf('5', [POOL])];
      return notFound(path);
    });
    render(<LiveScreen />);
    await waitFor(() => expect(screen.getByTestId('live-venue-name').textContent).toBe('城南新馆'));
    expect(screen.getByTestId('live-empty').textContent).toMatch(/^这个场馆还没有场地/);
    expect(screen.getAllByTestId('live-venue').map((chip) => chip.textContent)).toEqual(['城南新馆', '城北体育中心']);

    await act(async () => fireEvent.click(screen.getAllByTestId('live-venue')[1]));
    await waitFor(() => expect(screen.getByTestId('live-venue-name').textContent).toBe('城北体育中心'));
    expect(screen.getByTestId('live-inside').textContent).toBe('1 / 2');
    expect(screen.queryByTestId('live-empty')).toBeNull();
  });
});
