import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';

const backends = await storageBackends();

describe.each(backends)('operators running events on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;

  const post = (user: TestUser, path: string, body?: unknown) => call(server, 'POST', `/api/v1${path}`, { token: user.token, body });
  const ops = (method: string, path: string, body?: unknown) => call(server, method, `/api/v1${path}`, { token: operator, body });

  async function eventWithMembers(name: string, members: number, overrides: Record<string, unknown> = {}) {
    const community = await createCommunity(server, operator, name);
    const startsAt = server.clock.at.getTime() + 86_400_000;
    const created = await ops('POST', `/ops/communities/${community}/events`, {
      title: '奥森夜跑',
      place: '奥森南门',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 2 * 3_600_000).toISOString(),
      capacity: 10,
      ...overrides,
    });
    expect(created.status).toBe(201);
    const users: TestUser[] = [];
    for (let index = 0; index < members; index += 1) {
      const user = await signIn(server, `${name}-${index}`);
      await post(user, `/communities/${community}/join`);
      expect((await post(user, `/events/${created.body.event.id}/signup`)).status).toBe(200);
      users.push(user);
    }
    return { community, event: created.body.event as { id: string; checkinCode: string; startsAt: string; endsAt: string }, users };
  }

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, WITH_OPERATOR);
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('edits an event, never below the places taken, and tells members when check-in opens', async () => {
    const { event, users } = await eventWithMembers('edit', 3);
    expect(Date.parse(event.startsAt) - Date.parse((event as unknown as { checkinOpensAt: string }).checkinOpensAt)).toBe(30 * 60_000);

    const edited = await ops('PATCH', `/ops/events/${event.id}`, { title: '奥森夜跑（改）', place: '奥森北门', capacity: 3 });
    expect(edited.status).toBe(200);
    expect(edited.body.event).toMatchObject({ title: '奥森夜跑（改）', place: '奥森北门', capacity: 3, signedUp: 3, checkinCode: event.checkinCode });
    const tooSmall = await ops('PATCH', `/ops/events/${event.id}`, { capacity: 2 });
    expect(tooSmall.status).toBe(400);
    expect(tooSmall.body.error.details).toEqual([expect.objectContaining({ path: 'capacity' })]);
    const backwards = await ops('PATCH', `/ops/events/${event.id}`, { endsAt: new Date(Date.parse(event.startsAt) - 60_000).toISOString() });
    expect(backwards.status).toBe(400);

    const later = new Date(Date.parse(event.startsAt) + 3_600_000).toISOString();
    await ops('PATCH', `/ops/events/${event.id}`, { startsAt: later });
    const seen = await call(server, 'GET', `/api/v1/communities/${edited.body.event.communityId}/events`, { token: users[0].token });
    const mine = seen.body.items.find((item: { id: string }) => item.id === event.id);
    expect(mine).toMatchObject({ startsAt: later, status: 'scheduled', checkinClosesAt: event.endsAt });
    expect(mine.checkinOpensAt).toBe(new Date(Date.parse(later) - 30 * 60_000).toISOString());
    expect(mine.checkinCode).toBeUndefined();
    expect((await ops('GET', `/ops/events/${event.id}`)).body.event.checkinCode).toBe(event.checkinCode);
  });

  it.skipIf(!available)('lists sign-ups page by page', async () => {
    const { event, users } = await eventWithMembers('list', 3);
    const first = await ops('GET', `/ops/events/${event.id}/signups?limit=2`);
    expect(first.body.items).toHaveLength(2);
    const rest = await ops('GET', `/ops/events/${event.id}/signups?limit=2&cursor=${first.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    const listed = [...first.body.items, ...rest.body.items];
    expect(listed.map((item: { userId: string }) => item.userId).sort()).toEqual(users.map((user) => user.id).sort());
    expect(listed[0]).toMatchObject({ status: 'signed_up', checkedInAt: null, nickname: expect.any(String) });
    expect((await ops('GET', '/ops/events/999999/signups')).status).toBe(404);
  });

  it.skipIf(!available)('cancels an event: members see it cancelled and no check-in or reward follows', async () => {
    const community = await createCommunity(server, operator, 'cancel-budget');
    const budget = await createCampaign(server, operator, { communityIds: [community], budgetCoins: 500 });
    const { event, users } = await eventWithMembers('cancel', 2, { rewardCoins: 100, rewardCampaignId: budget.id });
    const cancelled = await ops('POST', `/ops/events/${event.id}/cancel`, { reason: '暴雨预警' });
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.event).toMatchObject({ status: 'cancelled', cancelledAt: expect.any(String) });
    expect((await ops('POST', `/ops/events/${event.id}/cancel`, { reason: 'again' })).body.event.cancelledAt).toBe(cancelled.body.event.cancelledAt);
    expect((await ops('PATCH', `/ops/events/${event.id}`, { title: 'x' })).body.error.code).toBe('EVENT_NOT_OPEN');

    const late = await signIn(server, 'late-joiner');
    await post(late, `/communities/${cancelled.body.event.communityId}/join`);
    expect((await post(late, `/events/${event.id}/signup`)).body.error.code).toBe('EVENT_NOT_OPEN');
    server.clock.advance(86_400_000 + 60_000);
    try {
      const checkin = await post(users[0], `/events/${event.id}/checkin`, { code: event.checkinCode });
      expect(checkin.body.error.code).toBe('EVENT_NOT_OPEN');
      const seen = await call(server, 'GET', `/api/v1/communities/${cancelled.body.event.communityId}/events`, { token: users[1].token });
      expect(seen.body.items.find((item: { id: string }) => item.id === event.id)).toMatchObject({ status: 'cancelled', myStatus: 'signed_up' });
      const audit = await ops('GET', '/ops/audit?action=event.cancel');
      expect(audit.body.items[0]).toMatchObject({ action: 'event.cancel', targetId: event.id, reason: '暴雨预警' });
    } finally {
      server.clock.advance(-(86_400_000 + 60_000));
    }
  });

  it.skipIf(!available)('tells a user who guessed too many codes how long to wait', async () => {
    const { event, users } = await eventWithMembers('wait', 1, { startsAt: new Date(server.clock.at.getTime() + 60_000).toISOString() });
    const wrong = (n: number) => String((Number(event.checkinCode) + n) % 1_000_000).padStart(6, '0');
    for (let n = 1; n <= 5; n++) await post(users[0], `/events/${event.id}/checkin`, { code: wrong(n) });
    const limited = await post(users[0], `/events/${event.id}/checkin`, { code: event.checkinCode });
    expect(limited.status).toBe(429);
    expect(limited.body.error.details.retryAfterSeconds).toBe(Number(limited.headers.get('retry-after')));
    expect(limited.body.error.details.retryAfterSeconds).toBeGreaterThan(500);
  });
});
