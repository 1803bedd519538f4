import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@calorie-bank/shared';
import { startTestServer, type TestServer } from '../support/harness.js';
import { call, signIn, syncSteps, type ApiAnswer, type TestUser } from '../support/client.js';
import { OPERATOR, WITH_OPERATOR, createMerchant, liveOffer, staffToken } from '../support/merchants.js';
import { createCampaign, createCommunity } from '../support/campaigns.js';
import { POOL, HALL, entryCode, liveVenue } from '../support/venues.js';
import { availableServices } from '../support/services.js';
import { checkStatements, countWrites, SQL_RULES } from '../support/sql-compat.js';

const { mysql, redis } = await availableServices();

describe('the list of constructs TiDB and OceanBase lack', () => {
  const examples: Record<string, string> = {
    'shared-lock': 'SELECT response FROM idempotent_requests WHERE scope = ? LOCK IN SHARE MODE',
    'skip-locked-nowait': 'SELECT id FROM jobs WHERE due_at < ? LIMIT 10 FOR UPDATE SKIP LOCKED',
    'user-level-lock': "SELECT GET_LOCK('settlement', 10)",
    savepoint: 'SAVEPOINT typeorm_1',
    'fulltext-spatial': 'CREATE FULLTEXT INDEX idx_title ON offers (title)',
    'stored-code': 'CREATE TRIGGER t BEFORE INSERT ON users FOR EACH ROW SET NEW.id = 1',
    'user-variable': 'SELECT @rank := @rank + 1 AS place FROM daily_steps',
    'last-insert-id': 'SELECT LAST_INSERT_ID()',
    'create-table-select': 'CREATE TABLE board_copy AS SELECT * FROM daily_steps',
    'temporary-table': 'CREATE TEMPORARY TABLE t (id INT)',
    'odku-values': 'INSERT INTO t (id, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = n + VALUES(n)',
    'table-admin': 'LOCK TABLES ledger_accounts WRITE',
    'primary-key-change': 'ALTER TABLE likes DROP PRIMARY KEY',
    collation: 'CREATE TABLE t (name VARCHAR(10) COLLATE utf8mb4_0900_ai_ci)',
  };

  it.each(SQL_RULES.map((rule) => rule.id))('finds %s', (id) => {
    expect(checkStatements([examples[id]]).map((finding) => finding.rule)).toContain(id);
  });

  it('passes what both engines accept, and reads no SQL inside string literals', () => {
    const accepted = [
      'SELECT id, balance FROM ledger_accounts WHERE id = ? FOR UPDATE',
      'INSERT IGNORE INTO idempotent_requests (scope, idempotency_key) VALUES (?, ?)',
      "UPDATE campaigns SET budget_spent = budget_spent + ? WHERE id = ? AND budget_spent + ? <= budget_coins",
      "SELECT * FROM audit_log WHERE action = 'LOCK IN SHARE MODE @x' ORDER BY id DESC LIMIT ?",
      'CREATE TABLE `t` (`id` int NOT NULL AUTO_INCREMENT, PRIMARY KEY (`id`)) ENGINE=InnoDB COLLATE=utf8mb4_unicode_ci',
      'SET SESSION innodb_lock_wait_timeout = 5, max_execution_time = 5000',
    ];
    expect(checkStatements(accepted)).toEqual([]);
  });
});

describe.skipIf(!mysql || !redis)('the SQL the BFF issues on MariaDB, checked against what TiDB and OceanBase accept', () => {
  let server: TestServer;
  let dir: string;
  let log: string;
  let operator: string;
  const statements = () => readFileSync(log, 'utf8').split('\n').filter((line) => line.length > 0);
  const post = (token: string, path: string, body?: unknown, headers?: Record<string, string>) =>
    call(server, 'POST', `/api/v1${path}`, { token, body, headers });
  const get = (token: string, path: string) => call(server, 'GET', `/api/v1${path}`, { token });
  /** The answer of a call that must succeed; a refusal fails the test with its body. */
  async function ok(answer: ApiAnswer | Promise<ApiAnswer>): Promise<ApiAnswer> {
    const { status, body } = await answer;
    expect(status, JSON.stringify(body)).toBeLessThan(300);
    return { status, body } as ApiAnswer;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cb-sql-'));
    log = join(dir, 'statements.log');
    server = await startTestServer('mysql+redis', { ...WITH_OPERATOR, SQL_STATEMENT_LOG: log, RATE_LIMIT_SYNCS_PER_MINUTE: '10000' });
    operator = await staffToken(server, OPERATOR.username, OPERATOR.password);
  });
  afterAll(async () => {
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('counts the statements and writes of one sync', async () => {
    const walker = await signIn(server, 'counted');
    const before = statements().length;
    expect((await syncSteps(server, walker, 6_000)).status).toBe(200);
    const first = statements().slice(before);
    const middle = statements().length;
    expect((await syncSteps(server, walker, 9_000)).status).toBe(200);
    const raise = statements().slice(middle);
    const last = statements().length;
    expect((await syncSteps(server, walker, 9_000)).status).toBe(200);
    const repeat = statements().slice(last);
    // A sync that credits writes something; a repeat of the same count credits nothing.
    expect(countWrites(first)).toBeGreaterThan(0);
    expect(countWrites(raise)).toBeGreaterThan(0);
    console.info(
      `statements per sync: first of the day ${first.length} (${countWrites(first)} writes), raise ${raise.length} (${countWrites(raise)} writes), repeat ${repeat.length} (${countWrites(repeat)} writes)`,
    );
    console.info(`writes of a raising sync:\n  ${raise.filter((statement) => /^(INSERT|UPDATE|DELETE)/i.test(statement)).join('\n  ')}`);
  });

  it('issues nothing TiDB or OceanBase lack, across migrations and a representative run of the API', async () => {
    const users: TestUser[] = [await signIn(server, 'walker-a'), await signIn(server, 'walker-b')];
    for (const [index, user] of users.entries()) {
      await ok(syncSteps(server, user, 8_000 + index * 1_000, server.clock.yesterday));
      await ok(syncSteps(server, user, 12_000 + index * 1_000));
    }
    const [a, b] = users;
    await call(server, 'PATCH', '/api/v1/me/profile', { token: a.token, body: { nickname: '晨跑者', weightKg: 70 } });
    await ok(get(a.token, '/me'));
    await ok(get(a.token, '/leaderboards/daily?limit=10'));
    await ok(post(a.token, '/leaderboards/daily/likes', { date: server.clock.today, userId: b.id }));

    const community = await createCommunity(server, operator, '夜跑群');
    const campaign = await createCampaign(server, operator, { communityIds: [community], prizes: [50, 20], startDate: server.clock.yesterday });
    for (const user of users) await ok(post(user.token, `/communities/${community}/join`));
    await ok(get(a.token, `/leaderboards/daily?scope=community:${community}`));
    const startsAt = server.clock.at.getTime() + 10 * 60_000;
    const created = await ok(post(operator, `/ops/communities/${community}/events`, {
      title: '夜跑',
      place: '奥森南门',
      startsAt: new Date(startsAt).toISOString(),
      endsAt: new Date(startsAt + 3_600_000).toISOString(),
      capacity: 10,
      rewardCoins: 10,
      rewardCampaignId: campaign.id,
    }));
    const event = created.body.event;
    await ok(post(a.token, `/events/${event.id}/signup`));
    await ok(post(a.token, `/events/${event.id}/checkin`, { code: event.checkinCode }));

    const merchant = await createMerchant(server, operator, '山顶咖啡');
    const offerId = await liveOffer(server, merchant.token, operator, { priceCoins: 20, perUserLimit: 5 });
    const redeemed = await ok(post(a.token, `/offers/${offerId}/redeem`, undefined, { 'idempotency-key': 'sql-compat-redeem-1' }));
    await ok(post(a.token, `/offers/${offerId}/redeem`, undefined, { 'idempotency-key': 'sql-compat-redeem-1' }));
    const second = await ok(post(b.token, `/offers/${offerId}/redeem`, undefined, { 'idempotency-key': 'sql-compat-redeem-2' }));
    await ok(post(merchant.token, '/merchant/vouchers/redeem', { code: second.body.voucher.code }));
    await ok(post(merchant.token, `/merchant/vouchers/${redeemed.body.voucher.id}/refund`));
    for (const path of ['/vouchers', '/wallet/transactions?limit=5', '/offers']) await ok(get(a.token, path));
    await ok(get(merchant.token, '/merchant/stats'));
    await ok(post(operator, '/ops/adjustments', { userId: b.id, amount: 5, reason: 'SQL check' }, { 'idempotency-key': 'sql-compat-adjust' }));

    const venue = await liveVenue(server, merchant, operator, [POOL, HALL]);
    const code = await entryCode(server, b.token);
    const entered = await ok(post(merchant.token, '/merchant/gate/enter', { facilityId: venue.facilityIds[0], code }));
    server.clock.advance(40 * 60_000);
    await ok(post(merchant.token, '/merchant/gate/exit', { visitId: entered.body.visit.id }));
    const slots = (await get(a.token, `/venues/${venue.venueId}`)).body.venue.facilities[1].slots;
    const booked = await ok(post(a.token, `/venues/slots/${slots[slots.length - 1].id}/book`, undefined, { 'idempotency-key': 'sql-compat-book' }));
    await ok(post(a.token, `/bookings/${booked.body.booking.id}/cancel`));
    for (const path of ['/bookings', '/visits']) await ok(get(b.token, path));

    for (const path of ['/ops/stats', '/ops/audit', `/ops/users?q=${a.id}`, '/ops/merchants?q=%E5%92%96%E5%95%A1&limit=1']) await ok(get(operator, path));
    server.clock.advance(2 * 86_400_000);
    const closed = addDays(server.clock.today, -2);
    await ok(post(operator, '/ops/settlements', { date: closed }));

    const issued = [...new Set(statements())];
    expect(issued.some((statement) => /^CREATE TABLE/i.test(statement))).toBe(true);
    expect(issued.length).toBeGreaterThan(100);
    console.info(`checked ${issued.length} distinct statements`);
    expect(checkStatements(issued)).toEqual([]);
  }, 60_000);
});
