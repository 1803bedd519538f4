import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { DEFAULT_CLIENT_CONFIG } from '@calorie-bank/shared/client-config';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { answerRoutes, staffSignedIn } from './fake-taro';
import { type, valueOf } from './fields';

// An English browser in Beijing, talking to a BFF whose business zone is New York's: the times must
// follow the BFF's zone, neither the device's nor the contract's default (both Asia/Shanghai here).
vi.hoisted(() => {
  process.env.TZ = 'Asia/Shanghai';
  Object.defineProperty(navigator, 'language', { value: 'en-US', configurable: true });
});

const bff = vi.hoisted(() => vi.fn());
const storage = vi.hoisted(() => new Map<string, unknown>());
vi.mock('@tarojs/taro', async (importOriginal) => (await import('./fake-taro')).fakeTaroWithBff(await importOriginal(), storage, bff));

const { EventCard: MemberEventCard } = await import('../src/packages/communities/pages/detail/EventCard');
const { EventCard } = await import('../src/packages/ops/sections/EventCard');
const { EventForm } = await import('../src/packages/ops/sections/EventForm');

/** 19:00 on 2 December to 01:00 on 3 December in New York; 08:00 to 14:00 on 3 December in Beijing. */
const EVENT = {
  id: '4', communityId: '7', title: 'Weekend hike', description: '', place: 'Bear Mountain', startsAt: '2026-12-03T00:00:00.000Z', endsAt: '2026-12-03T06:00:00.000Z',
  capacity: 30, signedUp: 3, rewardCoins: 0, rewardCampaignId: null, myStatus: 'signed_up' as const, status: 'scheduled' as const, cancelledAt: null,
  checkinOpensAt: '2026-12-02T23:30:00.000Z', checkinClosesAt: '2026-12-03T06:00:00.000Z',
};
const STAFF_EVENT = { ...EVENT, checkinCode: '123456' };

const sent = (method: string, path: string) => bff.mock.calls.filter(([m, p]) => m === method && p === path).map(([, , body]) => body);

const labels = () => Array.from(screen.getByTestId('event-form').querySelectorAll('.ops-field__label')).map((label) => label.textContent);

beforeEach(() => {
  bff.mockReset();
  staffSignedIn(storage, 'operator');
  answerRoutes(bff, {
    'GET /config/client': () => [200, { ...DEFAULT_CLIENT_CONFIG, businessTimeZone: 'America/New_York' }],
    'PATCH /ops/events/4': (body) => [200, { event: { ...STAFF_EVENT, ...(body as object) } }],
  });
});

afterEach(() => {
  vi.useRealTimers();
});

describe("event times in English on the BFF's business clock", () => {
  // First in the file: the BFF has not yet named its zone when the form opens.
  it("moves the form's times to New York's clock once the BFF names it, names the zone beside them and sends what is typed on it", async () => {
    const done = vi.fn();
    render(<EventForm communityId='7' event={STAFF_EVENT} onDone={done} />);
    expect(labels()[2]).toBe('Starts (China Standard Time; YYYY-MM-DD HH:mm)');
    expect(valueOf('event-startsAt')).toBe('2026-12-03 08:00');
    await waitFor(() => expect(labels()).toEqual(['Title', 'Place', 'Starts (America/New_York time; YYYY-MM-DD HH:mm)', 'Ends (America/New_York time; YYYY-MM-DD HH:mm)', 'Places']));
    // The times move in an effect after the render that named the zone: wait for them too.
    await waitFor(() => expect([valueOf('event-startsAt'), valueOf('event-endsAt')]).toEqual(['2026-12-02 19:00', '2026-12-03 01:00']));
    type('event-endsAt', '2026-12-03 02:30');
    await act(async () => fireEvent.click(screen.getByTestId('save-event')));
    await waitFor(() => expect(done).toHaveBeenCalledWith('Saved Weekend hike'));
    expect(sent('PATCH', '/ops/events/4')).toEqual([{ title: 'Weekend hike', place: 'Bear Mountain', startsAt: EVENT.startsAt, endsAt: '2026-12-03T07:30:00.000Z', capacity: 30 }]);
  });

  it("shows a member the start and the check-in opening on New York's clock", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-12-01T12:00:00Z'));
    render(<MemberEventCard event={EVENT} joined busy={false} lockedUntil={null} onSignUp={() => undefined} onCancel={() => undefined} onCheckIn={() => undefined} />);
    await waitFor(() => expect(screen.getByTestId('event-time').textContent).toBe('12/2 19:00 · Bear Mountain'));
    expect(screen.getByTestId('checkin-window').textContent).toBe('Check-in opens at 12/2 18:30');
  });

  it("shows operators the event's times and check-in window on New York's clock", async () => {
    render(<EventCard event={STAFF_EVENT} onChanged={() => undefined} />);
    await waitFor(() => expect(screen.getByTestId('ops-event-time').textContent).toBe('2026-12-02 19:00 – 01:00 · Bear Mountain'));
    expect(screen.getByTestId('ops-event-places').textContent).toBe('3/30 places · Check-in 18:30 – 01:00');
  });
});
