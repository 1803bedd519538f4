import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes, staffSignedIn } from './fake-taro';
import { type, valueOf } from './fields';

// The device keeps Los Angeles time, 16 hours behind Beijing in December, so that a time read or
// written on the device's clock instead of the business zone's shows here whatever the machine's zone.
vi.hoisted(() => {
  process.env.TZ = 'America/Los_Angeles';
});

/** The BFF as the screens see it: every request goes to `bff`, storage is a map. */
const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { EventCard: MemberEventCard } = await import('../src/packages/communities/pages/detail/EventCard');
const { EventCard } = await import('../src/packages/ops/sections/EventCard');
const { EventForm } = await import('../src/packages/ops/sections/EventForm');
const { parseBusinessTime } = await import('../src/packages/ops/events-i18n');
const { dateAndTime } = await import('../src/i18n/clock');

/** 08:00 to 14:00 on 3 December in Beijing; midnight to 06:00 UTC; 16:00 to 22:00 on 2 December in Los Angeles. */
const EVENT = {
  id: '4', communityId: '7', title: '周末徒步', description: '', place: '香山', startsAt: '2026-12-03T00:00:00.000Z', endsAt: '2026-12-03T06:00:00.000Z',
  capacity: 30, signedUp: 3, rewardCoins: 0, rewardCampaignId: null, myStatus: 'signed_up' as const, status: 'scheduled' as const, cancelledAt: null,
  checkinOpensAt: '2026-12-02T23:30:00.000Z', checkinClosesAt: '2026-12-03T06:00:00.000Z',
};
const STAFF_EVENT = { ...EVENT, checkinCode: '123456' };

/** The requests sent as `method path`, with their bodies. */
const sent = (method: string, path: string) => bff.mock.calls.filter(([m, p]) => m === method && p === path).map(([, , body]) => body);

const click = (testId: string) => act(async () => fireEvent.click(screen.getByTestId(testId)));

/** The labels of the event form's fields, in order. */
const labels = () => Array.from(screen.getByTestId('event-form').querySelectorAll('.ops-field__label')).map((label) => label.textContent);

beforeEach(() => {
  bff.mockReset();
  staffSignedIn(storage, 'operator');
  // The BFF names no zone: the contract's default, Asia/Shanghai, stands.
  answerRoutes(bff, {
    'POST /ops/communities/7/events': (body) => [201, { event: { ...STAFF_EVENT, ...(body as object) } }],
    'PATCH /ops/events/4': (body) => [200, { event: { ...STAFF_EVENT, ...(body as object) } }],
  });
});

afterEach(() => {
  vi.useRealTimers();
});

it("runs on a device whose clock is far from the business zone's", () => {
  expect(new Date(EVENT.startsAt).getHours()).toBe(16);
});

describe("a community's event card", () => {
  it('shows the start on the business clock, as the post that links to the event does', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T12:00:00Z'));
    render(<MemberEventCard event={EVENT} joined busy={false} lockedUntil={null} onSignUp={() => undefined} onCancel={() => undefined} onCheckIn={() => undefined} />);
    expect(screen.getByTestId('event-time').textContent).toBe('12/3 08:00 · 香山');
    expect(screen.getByTestId('checkin-window').textContent).toBe('签到 12/3 07:30 开放');
  });
});

describe("the operators' event card", () => {
  it('shows the times and the check-in window on the business clock', () => {
    render(<EventCard event={STAFF_EVENT} onChanged={() => undefined} />);
    expect(screen.getByTestId('ops-event-time').textContent).toBe('2026-12-03 08:00 – 14:00 · 香山');
    expect(screen.getByTestId('ops-event-places').textContent).toBe('名额 3/30 · 签到 07:30 – 14:00');
  });
});

describe("the operators' event form", () => {
  it('names the business zone beside the times', () => {
    render(<EventForm communityId='7' onDone={() => undefined} />);
    expect(labels()).toEqual(['活动名称', '地点', '开始时间（北京时间，YYYY-MM-DD HH:mm）', '结束时间（北京时间，YYYY-MM-DD HH:mm）', '名额']);
  });

  it('reads the typed times on the business clock and sends those instants', async () => {
    const done = vi.fn();
    render(<EventForm communityId='7' onDone={done} />);
    type('event-title', '周末徒步');
    type('event-place', '香山');
    type('event-startsAt', '2026-12-03 08:00');
    type('event-endsAt', '2026-12-03 14:00');
    await click('save-event');
    await waitFor(() => expect(done).toHaveBeenCalledWith('已创建「周末徒步」'));
    expect(sent('POST', '/ops/communities/7/events')).toEqual([{ title: '周末徒步', place: '香山', startsAt: '2026-12-03T00:00:00.000Z', endsAt: '2026-12-03T06:00:00.000Z', capacity: 30 }]);
  });

  it("fills in an event's own times on the business clock, and an unchanged edit sends the same instants", async () => {
    const done = vi.fn();
    render(<EventForm communityId='7' event={STAFF_EVENT} onDone={done} />);
    expect([valueOf('event-startsAt'), valueOf('event-endsAt')]).toEqual(['2026-12-03 08:00', '2026-12-03 14:00']);
    await click('save-event');
    await waitFor(() => expect(done).toHaveBeenCalledWith('已保存「周末徒步」'));
    expect(sent('PATCH', '/ops/events/4')).toEqual([{ title: '周末徒步', place: '香山', startsAt: EVENT.startsAt, endsAt: EVENT.endsAt, capacity: 30 }]);
  });

  it("starts a new event on the business clock's hour a day from now", () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    // 22:06 on 2 December in Beijing a day later; 06:06 in Los Angeles.
    vi.setSystemTime(new Date('2026-12-01T14:06:00Z'));
    render(<EventForm communityId='7' onDone={() => undefined} />);
    expect([valueOf('event-startsAt'), valueOf('event-endsAt')]).toEqual(['2026-12-02 22:00', '2026-12-03 00:00']);
  });

  it('says beside the field that a time which is not one is wrong, and sends nothing', async () => {
    render(<EventForm communityId='7' event={STAFF_EVENT} onDone={() => undefined} />);
    type('event-startsAt', '2026-02-30 08:00');
    type('event-endsAt', '2026-12-03 24:00');
    await click('save-event');
    expect(screen.getByTestId('field-error-startsAt').textContent).toBe('时间格式为 YYYY-MM-DD HH:mm，结束要晚于开始');
    expect(screen.getByTestId('field-error-endsAt').textContent).toBe('时间格式为 YYYY-MM-DD HH:mm，结束要晚于开始');
    expect(sent('PATCH', '/ops/events/4')).toEqual([]);
  });
});

describe('event times on a business clock other than the default', () => {
  it("read and write New York's wall clock, daylight saving included", () => {
    // 09:00 in New York is 13:00 UTC in June and 14:00 UTC in December.
    expect(parseBusinessTime('2026-06-15 09:00', 'America/New_York')).toBe('2026-06-15T13:00:00.000Z');
    expect(parseBusinessTime(' 2026-12-03T09:00 ', 'America/New_York')).toBe('2026-12-03T14:00:00.000Z');
    expect(dateAndTime('2026-12-03T14:00:00.000Z', 'America/New_York')).toBe('2026-12-03 09:00');
    expect(dateAndTime('2026-06-15T13:00:00.000Z', 'America/New_York')).toBe('2026-06-15 09:00');
    expect(parseBusinessTime('2026-12-03 9:00', 'America/New_York')).toBeNull();
  });
});
