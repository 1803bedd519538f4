import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { staffSignedIn } from './fake-taro';

/** The BFF as the facilities screen sees it: every request goes to `bff`. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => ({
  ...(await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff),
  useRouter: () => ({ params: { venue: '5' } }),
  useDidShow: vi.fn(),
  useDidHide: vi.fn(),
}));

const { default: Facilities } = await import('../src/packages/merchant/pages/facilities/index');

const HALL = {
  id: '8', venueId: '5', name: '乒乓球馆', activity: 'table_tennis', kind: 'booking', capacity: 8, inside: 0, longestStayMinutes: 120, pricePerPeriod: null,
  holdCoins: null, cancelDeadlineMinutes: 60, slots: [],
  slotPattern: [{ weekday: 1, start: '10:00', durationMinutes: 60, capacity: 4, priceCoins: 50 }, { weekday: 2, start: '18:00', durationMinutes: 60, capacity: 4, priceCoins: 50 }],
};
const VENUE = { id: '5', merchantId: '2', merchantName: '城北体育', name: '城北体育中心', address: '北三环 1 号', status: 'draft', rejectReason: null, openingHours: [], facilities: [HALL] };

function type(element: Element, value: string) {
  fireEvent.input(element.querySelector('input') ?? element, { target: { value } });
}
const within = (parent: Element, testId: string) => parent.querySelector(`[data-testid=${testId}]`) as Element;

describe("the merchant's facility forms", () => {
  let sent: [string, string, unknown][];
  beforeEach(() => {
    bff.mockReset();
    staffSignedIn(storage, 'merchant');
    sent = [];
    bff.mockImplementation(async (method: string, path: string, body: unknown) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [VENUE], nextCursor: null }];
      if (path === '/merchant/venues/5' && method === 'GET') return [200, { venue: VENUE }];
      if (path === '/config/client') return [503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'later' } }];
      sent.push([method, path, body]);
      if (path === '/merchant/facilities/8/slot-pattern') {
        return [400, { error: { code: 'VALIDATION_FAILED', message: 'bad', details: [{ path: 'pattern.1.capacity', message: 'Too big: expected number to be <=10000' }] } }];
      }
      return [404, { error: { code: 'NOT_FOUND', message: path, details: [] } }];
    });
  });

  it("labels each slot's fields, says a slot's mistakes on its own row before sending, and the BFF's too", async () => {
    render(<Facilities />);
    const pattern = await screen.findByTestId('slot-pattern', {}, { timeout: 5_000 });
    const rows = () => Array.from(pattern.querySelectorAll('[data-testid=pattern-row]'));
    expect(rows()[0].textContent).toMatch(/开始（HH:MM）.*时长（分钟）.*名额.*价格（金币）/);

    type(within(rows()[1], 'pattern-durationMinutes'), '0');
    await act(async () => fireEvent.click(within(pattern, 'save-pattern')));
    expect(within(rows()[1], 'pattern-row-error').textContent).toBe('时长需为 10–720 分钟的整数');
    expect(within(rows()[0], 'pattern-row-error')).toBeNull();
    expect(sent).toEqual([]);

    // Editing the row takes its mistake away; the BFF's refusal of a row is said on that row.
    type(within(rows()[1], 'pattern-durationMinutes'), '90');
    expect(within(rows()[1], 'pattern-row-error')).toBeNull();
    await act(async () => fireEvent.click(within(pattern, 'save-pattern')));
    await waitFor(() => expect(within(rows()[1], 'pattern-row-error')?.textContent).toBe('名额需为 1–10000 的整数'));
    expect(sent).toHaveLength(1);
  });

  it('says on the row, before sending, a start another slot of the day has and overlapping slots that sell more places than the facility holds', async () => {
    render(<Facilities />);
    const pattern = await screen.findByTestId('slot-pattern', {}, { timeout: 5_000 });
    const rows = () => Array.from(pattern.querySelectorAll('[data-testid=pattern-row]'));
    const save = () => act(async () => fireEvent.click(within(pattern, 'save-pattern')));

    // The Tuesday slot moved to Monday at 10:00, as the first one.
    fireEvent.click(rows()[1].querySelectorAll('.pattern__day')[0]);
    type(within(rows()[1], 'pattern-start'), '10:00');
    await save();
    expect(within(rows()[1], 'pattern-row-error').textContent).toBe('同一天同一时间已有一个时段，请改时间或删掉一个');
    expect(sent).toEqual([]);

    // At 10:30 it overlaps the first: 4 + 5 places at once in a hall of 8.
    type(within(rows()[1], 'pattern-start'), '10:30');
    type(within(rows()[1], 'pattern-capacity'), '5');
    await save();
    expect(within(rows()[1], 'pattern-row-error').textContent).toBe('与重叠的时段同时售出 9 个名额，超过场地容量 8：减少名额或错开时间');
    expect(sent).toEqual([]);

    type(within(rows()[1], 'pattern-capacity'), '4');
    await save();
    await waitFor(() => expect(sent).toHaveLength(1));
  });

  it("forgets a facility field's and the venue name's mistakes once edited, and checks shown opening hours again as they change", async () => {
    render(<Facilities />);
    const facility = await screen.findByTestId('facility-form', {}, { timeout: 5_000 });
    type(within(facility, 'facility-name'), ' ');
    type(within(facility, 'facility-capacity'), 'ten');
    await act(async () => fireEvent.click(within(facility, 'save-facility')));
    expect(facility.textContent).toMatch(/名称请填写/);
    expect(facility.textContent).toMatch(/同时在场人数请填写正整数/);
    type(within(facility, 'facility-capacity'), '10');
    expect(facility.textContent).not.toMatch(/同时在场人数请填写正整数/);
    expect(facility.textContent).toMatch(/名称请填写/);

    const venue = screen.getByTestId('venue-form');
    type(within(venue, 'venue-name'), '');
    const monday = venue.querySelectorAll('[data-testid=venue-day]')[0];
    await act(async () => fireEvent.click(within(monday, 'venue-day-open')));
    type(within(monday, 'venue-day-closes'), '06:00');
    await act(async () => fireEvent.click(within(venue, 'save-venue')));
    expect(within(venue, 'venue-name-error').textContent).toBe('请填写');
    expect(within(monday, 'venue-day-error').textContent).toBe('打烊时间需晚于开门时间');

    type(within(venue, 'venue-name'), '城北体育中心（新馆）');
    expect(within(venue, 'venue-name-error')).toBeNull();
    type(within(monday, 'venue-day-closes'), '7点');
    await waitFor(() => expect(within(monday, 'venue-day-error').textContent).toBe('时间格式为 HH:MM（00:00–23:59）'));
    type(within(monday, 'venue-day-closes'), '22:00');
    await waitFor(() => expect(within(monday, 'venue-day-error')).toBeNull());
    expect(sent).toEqual([]);
  });

  it('says what a save came to under the button that saved, not at the top of the page', async () => {
    bff.mockImplementation(async (method: string, path: string, body: unknown) => {
      if (path.startsWith('/merchant/venues?')) return [200, { items: [VENUE], nextCursor: null }];
      if (path === '/merchant/venues/5' && method === 'GET') return [200, { venue: VENUE }];
      if (path === '/config/client') return [503, { error: { code: 'SERVICE_UNAVAILABLE', message: 'later' } }];
      sent.push([method, path, body]);
      if (path === '/merchant/facilities/8/slot-pattern') return [200, { facility: { ...HALL, slots: new Array(8).fill(null) } }];
      if (path === '/merchant/facilities/8') return [200, { facility: HALL }];
      return [404, { error: { code: 'NOT_FOUND', message: path, details: [] } }];
    });
    render(<Facilities />);
    const pattern = await screen.findByTestId('slot-pattern', {}, { timeout: 5_000 });
    const save = within(pattern, 'save-pattern');
    await act(async () => fireEvent.click(save));
    await waitFor(() => expect(within(pattern, 'facilities-notice')?.textContent).toBe('已保存，未来 7 天共 8 个时段'));
    // Right under the button, in the slot editor's own card.
    expect(save.nextElementSibling).toBe(within(pattern, 'facilities-notice'));
    expect(screen.getAllByTestId('facilities-notice')).toHaveLength(1);

    // The facility's own save likewise; the slots' line goes, as it is no longer the last word.
    const facility = screen.getByTestId('facility-form');
    await act(async () => fireEvent.click(within(facility, 'save-facility')));
    await waitFor(() => expect(within(screen.getByTestId('facility-form'), 'facilities-notice')?.textContent).toBe('已保存'));
    expect(within(screen.getByTestId('slot-pattern'), 'facilities-notice')).toBeNull();
    expect(sent.map(([method, path]) => `${method} ${path}`)).toEqual(['PUT /merchant/facilities/8/slot-pattern', 'PATCH /merchant/facilities/8']);
  });
});
