import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInTransaction } from '../../bff/src/db/transaction.js';
import { lockUser } from '../../bff/src/db/users.js';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, type ApiAnswer, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';

const backends = await storageBackends();

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe.each(backends)('event places and check-ins on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;

  const post = (user: TestUser, path: string, body?: unknown) => call(server, 'POST', `/api/v1${path}`, { token: user.token, body });
  const ops = (method: string, path: string, body?: unknown) => call(server, method, `/api/v1${path}`, { token: operator, body });
  const at = (ms: number) => new Date(server.clock.at.getTime() + ms).toISOString();

  /** An event of `community` starting `startsIn` from the test clock's now and lasting an hour. */
  async function createEvent(community: string, startsIn: number, overrides: Record<string, unknown> = {}) {
    const created = await ops('POST', `/ops/communities/${community}/events`, {
      title: '奥森夜跑',
      place: '奥森南门',
      startsAt: at(startsIn),
      endsAt: at(startsIn + HOUR),
      capacity: 10,
      ...overrides,
    });
    if (created.status !== 201) throw new Error(`event creation failed: ${created.status} ${JSON.stringify(created.body)}`);
    return created.body.event as { id: string; communityId: string; checkinCode: string; startsAt: string; endsAt: string };
  }

  async function members(community: string, names: string[]): Promise<TestUser[]> {
    const users: TestUser[] = [];
    for (const name of names) {
      const user = await signIn(server, name);
      expect((await post(user, `/communities/${community}/join`)).status).toBe(200);
      users.push(user);
    }
    return users;
  }

  /** The event's count of places taken, and its sign-up rows by status. */
  async function places(eventId: string): Promise<{ signedUp: number; rows: Record<string, number> }> {
    const [event]: { signed_up: number | string }[] = await server.context.db.query('SELECT signed_up FROM community_events WHERE id = ?', [eventId]);
    const rows: { status: string; n: number | string }[] = await server.context.db.query(
      'SELECT status, COUNT(*) AS n FROM event_signups WHERE event_id = ? GROUP BY status',
      [eventId],
    );
    return { signedUp: Number(event.signed_up), rows: Object.fromEntries(rows.map((row) => [row.status, Number(row.n)])) };
  }

  async function statusOf(eventId: string, userId: string): Promise<string | undefined> {
    const rows: { status: string }[] = await server.context.db.query('SELECT status FROM event_signups WHERE event_id = ? AND user_id = ?', [eventId, userId]);
    return rows[0]?.status;
  }

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, DATABASE_TIMEOUT_MS: '30000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  }, 120_000);
  afterAll(async () => server?.stop());

  it.skipIf(!available)('gives a leaving member’s places back, and a member who left cannot check in', async () => {
    const community = await createCommunity(server, operator, '退群还名额');
    const budget = await createCampaign(server, operator, { communityIds: [community], budgetCoins: 1_000 });
    // Check-in is open: the event starts in ten minutes.
    const event = await createEvent(community, 10 * MINUTE, { capacity: 1, rewardCoins: 10, rewardCampaignId: budget.id });
    const later = await createEvent(community, 2 * 86_400_000, { capacity: 1 });
    const [leaver, waiting] = await members(community, ['leaver', 'waiting']);
    for (const id of [event.id, later.id]) expect((await post(leaver, `/events/${id}/signup`)).body.event).toMatchObject({ myStatus: 'signed_up', signedUp: 1 });
    expect((await post(waiting, `/events/${event.id}/signup`)).body.error.code).toBe('EVENT_FULL');

    expect((await post(leaver, `/communities/${community}/leave`)).body.community.joined).toBe(false);
    for (const id of [event.id, later.id]) {
      expect(await statusOf(id, leaver.id)).toBe('cancelled');
      expect(await places(id)).toEqual({ signedUp: 0, rows: { cancelled: 1 } });
      expect((await post(waiting, `/events/${id}/signup`)).body.event).toMatchObject({ myStatus: 'signed_up', signedUp: 1 });
    }

    const refused = await post(leaver, `/events/${event.id}/checkin`, { code: event.checkinCode });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('NOT_A_MEMBER');
    expect((await call(server, 'GET', '/api/v1/me', { token: leaver.token })).body.wallet.balance).toBe(0);
    expect((await post(leaver, `/events/${later.id}/signup`)).body.error.code).toBe('NOT_A_MEMBER');

    const paid = await post(waiting, `/events/${event.id}/checkin`, { code: event.checkinCode });
    expect(paid.body).toMatchObject({ credited: 10, balance: 10, event: { myStatus: 'checked_in', signedUp: 1 } });
    expect(await places(event.id)).toEqual({ signedUp: 1, rows: { cancelled: 1, checked_in: 1 } });
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('gives back, on leaving again, places kept by a user who is no longer a member', async () => {
    const community = await createCommunity(server, operator, '早先退群');
    const event = await createEvent(community, 2 * HOUR, { capacity: 1 });
    const [kept] = await members(community, ['kept-place']);
    expect((await post(kept, `/events/${event.id}/signup`)).status).toBe(200);
    // A membership gone while the place stayed, as leaving once left it.
    await server.context.db.query('DELETE FROM community_members WHERE community_id = ? AND user_id = ?', [community, kept.id]);
    expect((await post(kept, `/communities/${community}/leave`)).status).toBe(200);
    expect(await places(event.id)).toEqual({ signedUp: 0, rows: { cancelled: 1 } });
  });

  it.skipIf(!available)('keeps the sign-ups and check-ins of events already over, and check-ins of events under way, when a member leaves', async () => {
    const community = await createCommunity(server, operator, '退群留记录');
    const over = await createEvent(community, 10 * MINUTE);
    const running = await createEvent(community, 20 * MINUTE, { capacity: 2 });
    const [attended, missed] = await members(community, ['attended', 'missed']);
    for (const user of [attended, missed]) {
      for (const id of [over.id, running.id]) expect((await post(user, `/events/${id}/signup`)).status).toBe(200);
    }
    for (const id of [over.id, running.id]) {
      expect((await post(attended, `/events/${id}/checkin`, { code: id === over.id ? over.checkinCode : running.checkinCode })).status).toBe(200);
    }
    const before = await places(over.id);
    expect(before).toEqual({ signedUp: 2, rows: { signed_up: 1, checked_in: 1 } });
    // The first event has ended; the second one has started and not ended.
    server.clock.advance(HOUR + 15 * MINUTE);
    try {
      for (const user of [attended, missed]) expect((await post(user, `/communities/${community}/leave`)).status).toBe(200);
      expect(await places(over.id)).toEqual(before);
      const signups = await ops('GET', `/ops/events/${over.id}/signups`);
      expect(signups.body.items.map((item: { userId: string; status: string }) => [item.userId, item.status])).toEqual([
        [attended.id, 'checked_in'],
        [missed.id, 'signed_up'],
      ]);
      // The attendee's check-in at the event under way stays; the other place, taken and not used, is given back.
      expect(await places(running.id)).toEqual({ signedUp: 1, rows: { checked_in: 1, cancelled: 1 } });
      expect(await statusOf(running.id, attended.id)).toBe('checked_in');
      expect(await statusOf(running.id, missed.id)).toBe('cancelled');
    } finally {
      server.clock.advance(-(HOUR + 15 * MINUTE));
    }
  });

  it.skipIf(!available)('answers a checked-in member’s repeated check-ins as the check-in, without spending guesses', async () => {
    const community = await createCommunity(server, operator, '重复签到');
    const budget = await createCampaign(server, operator, { communityIds: [community], budgetCoins: 1_000 });
    const event = await createEvent(community, 10 * MINUTE, { rewardCoins: 10, rewardCampaignId: budget.id });
    const [member] = await members(community, ['repeater']);
    await post(member, `/events/${event.id}/signup`);
    const first = await post(member, `/events/${event.id}/checkin`, { code: event.checkinCode });
    expect(first.body).toMatchObject({ credited: 10, balance: 10, event: { myStatus: 'checked_in' } });

    // Twenty more at once, queued behind the member's row (held here) so that all are under way together.
    let burst: Promise<ApiAnswer[]> = Promise.resolve([]);
    await runInTransaction(server.context.db, async (manager) => {
      await lockUser(manager, member.id);
      burst = Promise.all(Array.from({ length: 20 }, () => post(member, `/events/${event.id}/checkin`, { code: event.checkinCode })));
      await new Promise((resolve) => setTimeout(resolve, 500));
    });
    const again = await burst;
    expect(again.map((answer) => answer.status)).toEqual(Array(20).fill(200));
    for (const answer of again) expect(answer.body).toMatchObject({ credited: 0, balance: 10, event: { id: event.id, myStatus: 'checked_in' } });
    const quick = await post(member, `/events/${event.id}/checkin`, { code: event.checkinCode });
    expect(quick.status).toBe(200);
    expect(quick.body).toMatchObject({ credited: 0, balance: 10 });
    expect((await post(member, `/events/${event.id}/checkin`, { code: '12' })).body.error.code).toBe('VALIDATION_FAILED');
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });

  it.skipIf(!available)('keeps places and counts exact while members leave, sign up and check in at once', async () => {
    const community = await createCommunity(server, operator, '并发退群');
    const budget = await createCampaign(server, operator, { communityIds: [community], budgetCoins: 10_000 });
    const soon = await createEvent(community, 10 * MINUTE, { capacity: 10, rewardCoins: 10, rewardCampaignId: budget.id });
    const later = await createEvent(community, 86_400_000, { capacity: 10 });
    const crowd = await members(community, Array.from({ length: 20 }, (_, index) => `crowd-${index}`));
    const [leavers, attendees, newcomers] = [crowd.slice(0, 5), crowd.slice(5, 10), crowd.slice(10)];
    for (const user of [...leavers, ...attendees]) {
      for (const id of [soon.id, later.id]) expect((await post(user, `/events/${id}/signup`)).status).toBe(200);
    }
    const answers = await Promise.all([
      ...leavers.flatMap((user) => [
        post(user, `/events/${soon.id}/checkin`, { code: soon.checkinCode }),
        post(user, `/communities/${community}/leave`),
        post(user, `/events/${later.id}/signup`),
      ]),
      ...attendees.map((user) => post(user, `/events/${soon.id}/checkin`, { code: soon.checkinCode })),
      ...newcomers.flatMap((user) => [post(user, `/events/${soon.id}/signup`), post(user, `/events/${later.id}/signup`)]),
    ]);
    const refusals = answers.filter((answer) => answer.status !== 200).map((answer) => answer.body.error.code as string);
    expect(refusals.filter((code) => !['EVENT_FULL', 'NOT_A_MEMBER'].includes(code))).toEqual([]);

    for (const event of [soon, later]) {
      const { signedUp, rows } = await places(event.id);
      expect(signedUp).toBe((rows.signed_up ?? 0) + (rows.checked_in ?? 0));
      expect(signedUp).toBeLessThanOrEqual(10);
      for (const user of leavers) expect(await statusOf(event.id, user.id)).not.toBe('signed_up');
    }
    // One reward for each check-in that stands.
    const [{ paid }]: { paid: number | string | null }[] = await server.context.db.query(
      'SELECT SUM(e.amount) AS paid FROM ledger_entries e JOIN ledger_transactions t ON t.id = e.transaction_id WHERE t.idempotency_key LIKE ? AND e.amount > 0',
      [`event:${soon.id}:%`],
    );
    expect(Number(paid)).toBe((await places(soon.id)).rows.checked_in * 10);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
  });
});
