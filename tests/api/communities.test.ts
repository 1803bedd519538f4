import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_COMMUNITIES_PER_USER } from '@calorie-bank/shared';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { HEALTHY, ledgerState } from '../support/ledger.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';

const backends = await storageBackends();

describe.each(backends)('communities and events on %s', (backend, available) => {
  let server: TestServer;
  let operator: string;

  const post = (user: TestUser, path: string, body?: unknown) => call(server, 'POST', `/api/v1${path}`, { token: user.token, body });

  async function createEvent(community: string, overrides: Record<string, unknown> = {}) {
    const startsAt = server.clock.at.getTime() + 86_400_000;
    const answer = await call(server, 'POST', `/api/v1/ops/communities/${community}/events`, {
      token: operator,
      body: {
        title: '香山徒步',
        place: '香山公园东门',
        startsAt: new Date(startsAt).toISOString(),
        endsAt: new Date(startsAt + 4 * 3_600_000).toISOString(),
        capacity: 10,
        ...overrides,
      },
    });
    if (answer.status !== 201) throw new Error(`event creation failed: ${answer.status} ${JSON.stringify(answer.body)}`);
    return answer.body.event as { id: string; checkinCode: string; startsAt: string };
  }

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('joins and leaves with a member count, up to the limit, and ranks members on the community board', async () => {
    const ids: string[] = [];
    for (let index = 0; index <= MAX_COMMUNITIES_PER_USER; index += 1) ids.push(await createCommunity(server, operator, `群 ${index}`));
    const walker = await signIn(server, 'joiner');
    const friend = await signIn(server, 'friend');
    await syncSteps(server, walker, 8_000);
    for (const id of ids.slice(0, MAX_COMMUNITIES_PER_USER)) expect((await post(walker, `/communities/${id}/join`)).body.community.joined).toBe(true);
    const again = await post(walker, `/communities/${ids[0]}/join`);
    expect(again.body.community).toMatchObject({ joined: true, memberCount: 1 });
    const over = await post(walker, `/communities/${ids[MAX_COMMUNITIES_PER_USER]}/join`);
    expect(over.status).toBe(409);
    expect(over.body.error.code).toBe('COMMUNITY_LIMIT_REACHED');

    await post(friend, `/communities/${ids[0]}/join`);
    await syncSteps(server, friend, 9_000);
    const board = await call(server, 'GET', `/api/v1/leaderboards/daily?scope=community:${ids[0]}`, { token: walker.token });
    expect(board.body.entries.map((entry: { userId: string; steps: number }) => [entry.userId, entry.steps])).toEqual([
      [friend.id, 9_000],
      [walker.id, 8_000],
    ]);
    expect(board.body.me).toEqual({ rank: 2, steps: 8_000, likes: 0 });

    const left = await post(friend, `/communities/${ids[0]}/leave`);
    expect(left.body.community).toMatchObject({ joined: false, memberCount: 1 });
    const after = await call(server, 'GET', `/api/v1/leaderboards/daily?scope=community:${ids[0]}`, { token: walker.token });
    expect(after.body.entries.map((entry: { userId: string }) => entry.userId)).toEqual([walker.id]);
    const mine = await call(server, 'GET', '/api/v1/communities?joined=1', { token: walker.token });
    expect(mine.body.items).toHaveLength(MAX_COMMUNITIES_PER_USER);
    expect((await call(server, 'GET', '/api/v1/leaderboards/daily?scope=community:999999', { token: walker.token })).body.error.code).toBe('NOT_FOUND');
  });

  it.skipIf(!available)('never signs up more than the capacity under concurrency', async () => {
    const community = await createCommunity(server, operator, '抢名额');
    const event = await createEvent(community, { capacity: 5 });
    const users: TestUser[] = [];
    for (let index = 0; index < 30; index += 1) {
      const user = await signIn(server, `crowd-${index}`);
      await post(user, `/communities/${community}/join`);
      users.push(user);
    }
    const answers = await Promise.all(users.flatMap((user) => [post(user, `/events/${event.id}/signup`), post(user, `/events/${event.id}/signup`)]));
    const codes = answers.filter((answer) => answer.status !== 200).map((answer) => answer.body.error.code);
    expect(new Set(codes)).toEqual(new Set(['EVENT_FULL']));
    const [row]: { signed_up: number }[] = await server.context.db.query('SELECT signed_up FROM community_events WHERE id = ?', [event.id]);
    const [signups]: { n: number | string }[] = await server.context.db.query(
      "SELECT COUNT(*) AS n FROM event_signups WHERE event_id = ? AND status = 'signed_up'",
      [event.id],
    );
    expect(Number(row.signed_up)).toBe(5);
    expect(Number(signups.n)).toBe(5);

    const holder = users.find((_, index) => answers[index * 2].status === 200 || answers[index * 2 + 1].status === 200)!;
    expect((await post(holder, `/events/${event.id}/cancel`)).body.event).toMatchObject({ myStatus: 'none', signedUp: 4 });
    const outsider = await signIn(server, 'not-a-member');
    expect((await post(outsider, `/events/${event.id}/signup`)).body.error.code).toBe('NOT_A_MEMBER');
  });

  it.skipIf(!available)('checks in with the code shown at the event and pays the reward from a campaign budget once', async () => {
    const community = await createCommunity(server, operator, '签到群');
    const budget = await createCampaign(server, operator, { communityIds: [community], budgetCoins: 150 });
    const event = await createEvent(community, { rewardCoins: 100, rewardCampaignId: budget.id });
    const [first, second] = [await signIn(server, 'early'), await signIn(server, 'late')];
    for (const user of [first, second]) {
      await post(user, `/communities/${community}/join`);
      expect((await post(user, `/events/${event.id}/signup`)).body.event.myStatus).toBe('signed_up');
    }
    expect((await post(first, `/events/${event.id}/checkin`, { code: event.checkinCode })).body.error.code).toBe('EVENT_NOT_OPEN');
    server.clock.advance(86_400_000 + 60_000);
    const wrong = event.checkinCode === '000000' ? '111111' : '000000';
    expect((await post(first, `/events/${event.id}/checkin`, { code: wrong })).body.error.code).toBe('CHECKIN_CODE_INVALID');
    const paid = await post(first, `/events/${event.id}/checkin`, { code: event.checkinCode });
    expect(paid.body).toMatchObject({ credited: 100, balance: 100, event: { myStatus: 'checked_in' } });
    expect((await post(first, `/events/${event.id}/checkin`, { code: event.checkinCode })).body).toMatchObject({ credited: 0, balance: 100 });
    // 50 coins are left in the budget: the second attendee gets those.
    expect((await post(second, `/events/${event.id}/checkin`, { code: event.checkinCode })).body).toMatchObject({ credited: 50, balance: 50 });
    expect((await post(second, `/events/${event.id}/cancel`)).status).toBe(200);
    expect(await ledgerState(server.context.db)).toMatchObject(HEALTHY);
    server.clock.advance(-(86_400_000 + 60_000));
  });

  it.skipIf(!available)('stops a user guessing check-in codes after five wrong ones, even with the right one next', async () => {
    const community = await createCommunity(server, operator, '猜码群');
    const event = await createEvent(community, { startsAt: new Date(server.clock.at.getTime() + 60_000).toISOString() });
    const [guesser, burst, neighbour] = [await signIn(server, 'guesser'), await signIn(server, 'burst'), await signIn(server, 'neighbour')];
    for (const user of [guesser, burst, neighbour]) {
      await post(user, `/communities/${community}/join`);
      await post(user, `/events/${event.id}/signup`);
    }
    const wrong = (n: number) => String((Number(event.checkinCode) + n) % 1_000_000).padStart(6, '0');
    for (let n = 1; n <= 5; n++) expect((await post(guesser, `/events/${event.id}/checkin`, { code: wrong(n) })).body.error.code).toBe('CHECKIN_CODE_INVALID');
    const limited = await post(guesser, `/events/${event.id}/checkin`, { code: event.checkinCode });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Twenty wrong codes at once: five are judged, the rest refused before they are.
    const answers = await Promise.all(Array.from({ length: 20 }, (_, n) => post(burst, `/events/${event.id}/checkin`, { code: wrong(n + 1) })));
    const codes = answers.map((answer) => answer.body.error.code as string);
    expect(codes.filter((code) => code === 'CHECKIN_CODE_INVALID')).toHaveLength(5);
    expect(codes.filter((code) => code === 'RATE_LIMITED')).toHaveLength(15);
    // Malformed codes are refused before they count, and another attendee is not held back.
    expect((await post(neighbour, `/events/${event.id}/checkin`, { code: '12' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await post(neighbour, `/events/${event.id}/checkin`, { code: event.checkinCode })).body.event.myStatus).toBe('checked_in');
  });
});
