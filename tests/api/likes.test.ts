import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIKES_PER_MINUTE, addDays } from '@calorie-bank/shared';
import { storageBackends } from '../support/services.js';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, staffToken } from '../support/merchants.js';
import { createCommunity } from '../support/campaigns.js';

const backends = await storageBackends();

describe.each(backends)('likes on the daily boards on %s', (backend, available) => {
  let server: TestServer;
  let walker: TestUser;

  const like = (liker: TestUser, entry: Record<string, unknown>) =>
    call(server, 'POST', '/api/v1/leaderboards/daily/likes', { token: liker.token, body: entry });
  const unlike = (liker: TestUser, entry: { date: string; scope?: string; userId: string }) =>
    call(server, 'DELETE', `/api/v1/leaderboards/daily/likes?${new URLSearchParams({ scope: 'global', ...entry })}`, { token: liker.token });
  const board = (user: TestUser, query = '') => call(server, 'GET', `/api/v1/leaderboards/daily?limit=50${query}`, { token: user.token });

  beforeAll(async () => {
    if (!available) return;
    server = await startTestServer(backend, { ...WITH_OPERATOR, RATE_LIMIT_SYNCS_PER_MINUTE: '10000' });
    walker = await signIn(server, 'liked-walker');
    await syncSteps(server, walker, 12_000);
  });
  afterAll(async () => server?.stop());

  it.skipIf(!available)('counts one like per liker, shows it on the board and lists who liked me', async () => {
    const fan = await signIn(server, 'fan');
    await syncSteps(server, fan, 3_000);
    const entry = { date: server.clock.today, userId: walker.id };
    const first = await like(fan, entry);
    expect(first.status).toBe(200);
    expect(first.body.like).toEqual({ ...entry, scope: 'global', likes: 1, likedByMe: true });
    expect((await like(fan, entry)).body.like.likes).toBe(1);

    const seen = await board(fan);
    const row = seen.body.entries.find((item: { userId: string }) => item.userId === walker.id);
    expect(row).toMatchObject({ likes: 1, likedByMe: true });
    expect(seen.body.entries.find((item: { userId: string }) => item.userId === fan.id)).toMatchObject({ likes: 0, likedByMe: false });
    expect((await board(walker)).body.me).toMatchObject({ rank: 1, steps: 12_000, likes: 1 });

    const mine = await call(server, 'GET', '/api/v1/me/likes?limit=1', { token: walker.token });
    expect(mine.body).toMatchObject({ date: server.clock.today, total: 1, nextCursor: null });
    expect(mine.body.items).toEqual([expect.objectContaining({ userId: fan.id, nickname: expect.any(String), scope: 'global' })]);

    const undone = await unlike(fan, entry);
    expect(undone.body.like).toMatchObject({ likes: 0, likedByMe: false });
    expect((await unlike(fan, entry)).body.like.likes).toBe(0);
  });

  it.skipIf(!available)('pages through who liked me', async () => {
    const fans = await Promise.all([0, 1, 2].map((index) => signIn(server, `pager-${index}`)));
    for (const fan of fans) expect((await like(fan, { date: server.clock.today, userId: walker.id })).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { total: number; items: { userId: string }[]; nextCursor: string | null } } = await call(server, 'GET', `/api/v1/me/likes?limit=2${cursor ? `&cursor=${cursor}` : ''}`, { token: walker.token });
      expect(page.body.total).toBe(3);
      seen.push(...page.body.items.map((item: { userId: string }) => item.userId));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(fans.map((fan) => fan.id).sort());
    for (const fan of fans) await unlike(fan, { date: server.clock.today, userId: walker.id });
  });

  it.skipIf(!available)('refuses liking oneself, entries not on the board, old days and unknown boards', async () => {
    const fan = await signIn(server, 'picky-fan');
    const self = await like(walker, { date: server.clock.today, userId: walker.id });
    expect(self.status).toBe(400);
    expect(self.body.error.details).toEqual([expect.objectContaining({ path: 'userId' })]);

    const idle = await signIn(server, 'no-steps');
    expect((await like(fan, { date: server.clock.today, userId: idle.id })).body.error.code).toBe('NOT_FOUND');
    const community = await createCommunity(server, await staffToken(server, OPERATOR.username, OPERATOR.password), '点赞群');
    const offBoard = await like(fan, { date: server.clock.today, scope: `community:${community}`, userId: walker.id });
    expect(offBoard.body.error.code).toBe('NOT_FOUND');
    expect((await like(fan, { date: server.clock.today, scope: 'community:999999', userId: walker.id })).body.error.code).toBe('NOT_FOUND');

    const old = await like(fan, { date: addDays(server.clock.today, -2), userId: walker.id });
    expect(old.status).toBe(422);
    expect(old.body.error.code).toBe('STEP_DATE_OUT_OF_WINDOW');
    await syncSteps(server, walker, 5_000, server.clock.yesterday);
    expect((await like(fan, { date: server.clock.yesterday, userId: walker.id })).body.like.likes).toBe(1);
  });

  it.skipIf(!available)('does not let a frozen user like', async () => {
    const operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
    const frozen = await signIn(server, 'frozen-fan');
    await call(server, 'POST', `/api/v1/ops/users/${frozen.id}/freeze`, { token: operator, body: { reason: '刷赞' } });
    const refused = await like(frozen, { date: server.clock.today, userId: walker.id });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('USER_FROZEN');
  });

    it.skipIf(!available)('limits likes per liker and says how long to wait', async () => {
    const eager = await signIn(server, 'eager');
    const entry = { date: server.clock.today, userId: walker.id };
    const answers = [];
    for (let index = 0; index <= LIKES_PER_MINUTE; index += 1) answers.push(await unlike(eager, entry));
    const refused = answers.at(-1)!;
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(refused.body.error.details).toEqual({ retryAfterSeconds: Number(refused.headers.get('retry-after')) });
  });

  it.skipIf(!available)('ends at the exact count after 100 concurrent likes and unlikes of one entry', async () => {
    const star = await signIn(server, 'star');
    await syncSteps(server, star, 20_000);
    const entry = { date: server.clock.today, userId: star.id };
    const likers = await Promise.all(Array.from({ length: 100 }, (_, index) => signIn(server, `crowd-liker-${index}`)));
    // Each liker likes twice at once (a double tap): one like each.
    const liked = await Promise.all(likers.flatMap((liker) => [like(liker, entry), like(liker, entry)]));
    expect(liked.every((answer) => answer.status === 200)).toBe(true);
    expect((await like(walker, entry)).body.like.likes).toBe(101);
    // Half take theirs back while the other half like again.
    const mixed = await Promise.all(likers.map((liker, index) => (index % 2 === 0 ? unlike(liker, entry) : like(liker, entry))));
    expect(mixed.every((answer) => answer.status === 200)).toBe(true);
    const after = await board(walker);
    expect(after.body.entries.find((item: { userId: string }) => item.userId === star.id)).toMatchObject({ likes: 51, likedByMe: true });
    expect((await call(server, 'GET', '/api/v1/me/likes', { token: star.token })).body.total).toBe(51);
  });
});
