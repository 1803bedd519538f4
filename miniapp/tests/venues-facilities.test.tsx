import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';

/** The BFF as the merchant's screens see it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaro(await importOriginal(), storage, async (options: { url: string; method: string; data?: unknown }) => {
    const [status, data] = (await bff(options.method, options.url.replace('/api/v1', ''), options.data)) as [number, unknown];
    return { statusCode: status, data, header: {}, errMsg: 'request:ok' };
  }),
  useRouter: () => ({ params: { venue: '5' } }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
}));

const { default: Facilities } = await import('../src/packages/merchant/pages/facilities/index');
const { default: LiveScreen } = await import('../src/packages/merchant/pages/live/index');

const HALL = {
  id: '8', venueId: '5', name: '乒乓球馆', activity: 'table_tennis', kind: 'booking', capacity: 8, inside: 3, longestStayMinutes: 120,
  pricePerPeriod: null, holdCoins: null, cancelDeadlineMinutes: 60, slots: [], slotPattern: [{ weekday: 1, start: '10:10', durationMinutes: 60, capacity: 4, priceCoins: 50 }],
};
const VENUE = { id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'draft', rejectReason: null, openingHours: [], facilities: [HALL] };

function type(element: HTMLElement, value: string) {
  fireEvent.input(element.querySelector('input') ?? element, { target: { value } });
}

describe("a venue's facilities and its live screen", () => {
  beforeEach(() => {
    bff.mockReset();
    storage.clear();
    storage.set('cb.staff.token', 'm-token');
    storage.set('cb.staff.role', 'merchant');
  });

  it('adds a walk-in facility after checking its numbers, shows the BFF field errors beside the fields, and saves weekly slots', async () => {
    const sent: [string, string, unknown][] = [];
    let firstVenueRead = true;
    bff.mockImplementation(async (method: string, path: string, body: unknown) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [VENUE], nextCursor: null }];
      if (path === '/merchant/venues/5') {
        // The first answer comes later than the venue list, as on a loaded machine: the form must
        // still show once it comes. Later reloads answer at once, so none is left for after the test.
        if (firstVenueRead) await new Promise((resolve) => setTimeout(resolve, 300));
        firstVenueRead = false;
        return [200, { venue: VENUE }];
      }
      // The form's time-zone label falls back on the contract's default when the configuration is not there.
      if (path === '/config/client') return [503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'later' } }];
      sent.push([method, path, body]);
      if (path === '/merchant/venues/5/facilities' && sent.length === 1) {
        return [400, { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'longestStayMinutes', message: 'Too small: expected number to be >=10' }] } }];
      }
      if (path === '/merchant/venues/5/facilities') return [201, { facility: { ...HALL, id: '9', kind: 'walk_in' } }];
      if (path === '/merchant/facilities/8/slot-pattern') return [200, { facility: { ...HALL, slots: new Array(7).fill(null) } }];
      return [404, { error: { code: 'NOT_FOUND', message: path } }];
    });
    render(<Facilities />);
    await waitFor(() => expect(screen.getByTestId('venue-status').textContent).toBe('场馆状态：草稿'));
    // Found outside act(): inside it React holds the venue's answer back until act() ends, so a slow answer would never show.
    const adding = await screen.findByTestId('new-facility', {}, { timeout: 10_000 });
    await act(async () => fireEvent.click(adding));
    const form = screen.getByTestId('new-facility-form');
    type(form.querySelector('[data-testid=facility-name]') as HTMLElement, '恒温泳池');
    type(form.querySelector('[data-testid=facility-capacity]') as HTMLElement, 'ten');
    await act(async () => fireEvent.click(form.querySelector('[data-testid=save-facility]') as Element));
    expect(form.textContent).toMatch(/同时在场人数请填写正整数/);
    expect(sent).toEqual([]);

    type(form.querySelector('[data-testid=facility-capacity]') as HTMLElement, '10');
    type(form.querySelector('[data-testid=facility-pricePerPeriod]') as HTMLElement, '10');
    type(form.querySelector('[data-testid=facility-longestStayMinutes]') as HTMLElement, '5');
    await act(async () => fireEvent.click(form.querySelector('[data-testid=save-facility]') as Element));
    await waitFor(() => expect(form.textContent).toMatch(/最长停留（分钟）最长停留需在 10–720 分钟之间的整数每半小时/));
    type(form.querySelector('[data-testid=facility-longestStayMinutes]') as HTMLElement, '120');
    await act(async () => fireEvent.click(form.querySelector('[data-testid=save-facility]') as Element));
    await waitFor(() => expect(screen.getByTestId('facilities-notice').textContent).toBe('已新增「恒温泳池」'));
    expect(sent[1]).toEqual(['POST', '/merchant/venues/5/facilities', { name: '恒温泳池', activity: 'swimming', capacity: 10, longestStayMinutes: 120, pricePerPeriod: 10, cancelDeadlineMinutes: null, kind: 'walk_in' }]);

    await act(async () => fireEvent.click(screen.getByTestId('add-pattern-row')));
    const rows = screen.getAllByTestId('pattern-row');
    type(rows[1].querySelector('[data-testid=pattern-start]') as HTMLElement, '19:30');
    await act(async () => fireEvent.click(screen.getByTestId('save-pattern')));
    await waitFor(() => expect(screen.getByTestId('facilities-notice').textContent).toBe('已保存，未来 7 天共 7 个时段'));
    expect(sent[2]).toEqual(['PUT', '/merchant/facilities/8/slot-pattern', { pattern: [HALL.slotPattern[0], { weekday: 1, start: '19:30', durationMinutes: 60, capacity: 4, priceCoins: 30 }] }]);
  });

  it('polls the live view as often as the BFF says and keeps the last figures on screen when a poll fails', async () => {
    vi.useFakeTimers({ now: new Date('2026-06-15T02:45:00.000Z') });
    try {
      const people = [{ visitId: '31', facilityId: '8', nickname: '小林', since: '2026-06-15T02:00:00.000Z' }];
      const live = { venueId: '5', at: '2026-06-15T02:45:00.000Z', pollSeconds: 5, facilities: [{ id: '8', name: '乒乓球馆', kind: 'booking', capacity: 8, inside: 1 }], people };
      let polls = 0;
      bff.mockImplementation(async (method: string, path: string) => {
        if (path.startsWith('/merchant/venues?')) return [200, { items: [VENUE], nextCursor: null }];
        if (path === '/merchant/venues/5/live') {
          polls += 1;
          return polls === 2 ? [503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'down' } }] : [200, live];
        }
        return [404, { error: { code: 'NOT_FOUND', message: path } }];
      });
      render(<LiveScreen />);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(0);
      });
      expect(screen.getByTestId('live-inside').textContent).toBe('1 / 8');
      expect(screen.getByTestId('live-person').textContent).toBe('小林10:00 入场 · 已 45 分钟');
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5_000);
      });
      expect(polls).toBe(2);
      expect(screen.getByTestId('live-inside').textContent).toBe('1 / 8');
      expect(screen.getByTestId('live').textContent).toMatch(/服务暂时不可用/);
      await act(async () => {
        await vi.advanceTimersByTimeAsync(5_000);
      });
      expect(polls).toBe(3);
      expect(screen.getByTestId('live').textContent).not.toMatch(/服务暂时不可用/);
    } finally {
      vi.useRealTimers();
    }
  });

  it("edits the venue's name, address and hours, with field errors beside each field, its own and the BFF's", async () => {
    const sent: [string, string, unknown][] = [];
    bff.mockImplementation(async (method: string, path: string, body: unknown) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [VENUE], nextCursor: null }];
      if (path === '/merchant/venues/5' && method === 'GET') return [200, { venue: VENUE }];
      // The form's time-zone label falls back on the contract's default when the configuration is not there.
      if (path === '/config/client') return [503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'later' } }];
      sent.push([method, path, body]);
      if (sent.length === 1) {
        return [400, { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'address', message: 'Too big: expected string to have <=255 characters' }] } }];
      }
      return [200, { venue: { ...VENUE, ...(body as object) } }];
    });
    render(<Facilities />);
    const form = await screen.findByTestId('venue-form');
    type(form.querySelector('[data-testid=venue-address]') as HTMLElement, ' ');
    const days = form.querySelectorAll('[data-testid=venue-day]');
    expect(days).toHaveLength(7);
    // Monday open 07:00–06:00 (closing before opening), Tuesday with a time that is not HH:MM.
    await act(async () => fireEvent.click(days[0].querySelector('[data-testid=venue-day-open]') as Element));
    type(days[0].querySelector('[data-testid=venue-day-opens]') as HTMLElement, '07:00');
    type(days[0].querySelector('[data-testid=venue-day-closes]') as HTMLElement, '06:00');
    await act(async () => fireEvent.click(days[1].querySelector('[data-testid=venue-day-open]') as Element));
    type(days[1].querySelector('[data-testid=venue-day-opens]') as HTMLElement, '7点');
    await act(async () => fireEvent.click(form.querySelector('[data-testid=save-venue]') as Element));
    expect(form.querySelector('[data-testid=venue-address-error]')?.textContent).toBe('请填写');
    expect(days[0].querySelector('[data-testid=venue-day-error]')?.textContent).toBe('打烊时间需晚于开门时间');
    expect(days[1].querySelector('[data-testid=venue-day-error]')?.textContent).toBe('时间格式为 HH:MM（00:00–23:59）');
    expect(sent).toEqual([]);

    type(form.querySelector('[data-testid=venue-name]') as HTMLElement, '城北体育中心（新馆）');
    type(form.querySelector('[data-testid=venue-address]') as HTMLElement, '北三环 2 号');
    type(days[0].querySelector('[data-testid=venue-day-closes]') as HTMLElement, '22:00');
    await act(async () => fireEvent.click(days[1].querySelector('[data-testid=venue-day-open]') as Element));
    await act(async () => fireEvent.click(form.querySelector('[data-testid=save-venue]') as Element));
    // The BFF's answer about a field is said beside that field.
    await waitFor(() => expect(form.querySelector('[data-testid=venue-address-error]')?.textContent).toBe('地址需为 1–255 个字'));
    await act(async () => fireEvent.click(form.querySelector('[data-testid=save-venue]') as Element));
    await waitFor(() => expect(screen.getByTestId('facilities-notice').textContent).toBe('场馆信息已保存'));
    expect(sent[1]).toEqual(['PATCH', '/merchant/venues/5', { name: '城北体育中心（新馆）', address: '北三环 2 号', openingHours: [{ weekday: 1, opens: '07:00', closes: '22:00' }] }]);
  });
});
