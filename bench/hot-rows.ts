/**
 * Hot rows: 50 concurrent payers of ONE campaign budget (paying syncs) and of ONE merchant
 * (redemptions of its offers), against the same load spread over 50 campaigns / 50 merchants, in
 * one run. A third run of each uses an account kept as one row, as every account was before they
 * were split into slots, to show what the split buys. The three loads run in interleaved slices,
 * so each meets the same machine. Setup goes straight to SQL where the API would
 * only be slower (memberships, offers, the one-row accounts); what is measured goes through the BFF.
 */
import autocannon from 'autocannon';
import { SLICE_SAMPLE_MS } from './interleave.js';
import { createConnection, type Connection } from 'mysql2/promise';

export interface HotRowsInput {
  bffUrl: string;
  dbUrl: string;
  today: string;
  operatorToken: string;
  /** `Bearer …` headers and signed step payloads by user index, and the user ids. */
  bearer: string[];
  payloads: string[];
  userIds: number[];
  /** User indexes free for this bench (synced today, not yet paid by any campaign). */
  firstUser: number;
  connections: number;
}

interface Run {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  failed: number;
}

const PER_RUN = 1500;
const ROUNDS = 3;
const SLICE = PER_RUN / ROUNDS;
const SPREAD = 50;

async function api(bffUrl: string, path: string, token: string, body: unknown): Promise<Record<string, any>> {
  const answer = await fetch(`${bffUrl}/api/v1${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  if (!answer.ok) throw new Error(`${path}: ${answer.status} ${await answer.text()}`);
  return (await answer.json()) as Record<string, any>;
}

/** What one kind of load did over all its slices. */
class Tally {
  private seconds = 0;
  private requests = 0;
  private failed = 0;
  private p50: number[] = [];
  private p99: number[] = [];
  constructor(readonly name: string) {}

  add(result: autocannon.Result, seconds: number): void {
    this.seconds += seconds;
    this.requests += result.requests.total;
    this.failed += result.non2xx + result.errors;
    this.p50.push(result.latency.p50);
    this.p99.push(result.latency.p99);
  }

  /** Rate over the slices' whole wall time (autocannon's per-second average is coarse on short slices); latency: the worst slice's. */
  run(): Run {
    return {
      name: this.name,
      requestsPerSecond: Math.round(this.requests / this.seconds),
      p50Ms: Math.max(...this.p50),
      p99Ms: Math.max(...this.p99),
      requests: this.requests,
      failed: this.failed,
    };
  }
}

/**
 * Runs the loads in interleaved slices (A B C A B C …) so that each meets the same share of
 * whatever else the machine is doing: on a shared machine a run minutes later is another machine.
 */
async function interleaved(connections: number, loads: { tally: Tally; options: () => autocannon.Options }[]): Promise<Run[]> {
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const load of loads) {
      process.stdout.write(`[bench] measuring ${load.tally.name} (slice ${round + 1} of ${ROUNDS})\n`);
      const started = Date.now();
      const result = await autocannon({ connections, ...load.options(), sampleInt: SLICE_SAMPLE_MS });
      load.tally.add(result, (Date.now() - started) / 1000);
    }
  }
  return loads.map((load) => load.tally.run());
}

/** Puts users into a community straight in the tables. */
async function addMembers(db: Connection, communityId: string, userIds: number[]): Promise<void> {
  await db.query('INSERT INTO community_members (community_id, user_id, joined_at) VALUES ?', [userIds.map((id) => [communityId, id, Date.now()])]);
  await db.query('UPDATE communities SET member_count = member_count + ? WHERE id = ?', [userIds.length, communityId]);
}

/** A campaign whose budget is kept in one ledger row, funded from the mint by a balanced transaction. */
async function oneRowCampaign(db: Connection, today: string, communityId: string, budget: number): Promise<void> {
  const now = Date.now();
  const [campaign] = (await db.query(
    `INSERT INTO campaigns (name, description, start_date, end_date, community_ids, multiplier_percent, thresholds, prizes, status, budget_coins, created_at, updated_at)
     VALUES ('one row', '', ?, ?, ?, 200, '[]', '[]', 'active', ?, ?, ?)`,
    [today, today, JSON.stringify([communityId]), budget, now, now],
  )) as unknown as [{ insertId: number }];
  const [account] = (await db.query("INSERT INTO ledger_accounts (kind, owner_id, slot, balance, created_at) VALUES ('campaign_budget', ?, 0, ?, ?)", [
    String(campaign.insertId),
    budget,
    now,
  ])) as unknown as [{ insertId: number }];
  await fundFromMint(db, account.insertId, budget, `bench-one-row-campaign:${campaign.insertId}`);
}

async function fundFromMint(db: Connection, accountId: number, amount: number, key: string): Promise<void> {
  const now = Date.now();
  const [[mint]] = (await db.query("SELECT id FROM ledger_accounts WHERE kind = 'mint'")) as unknown as [[{ id: number }]];
  const [transaction] = (await db.query("INSERT INTO ledger_transactions (idempotency_key, kind, memo, created_at) VALUES (?, 'campaign_funding', NULL, ?)", [
    key,
    now,
  ])) as unknown as [{ insertId: number }];
  await db.query('INSERT INTO ledger_entries (transaction_id, account_id, amount, balance_after, created_at) VALUES (?, ?, ?, NULL, ?), (?, ?, ?, ?, ?)', [
    transaction.insertId, mint.id, -amount, now, transaction.insertId, accountId, amount, amount, now,
  ]);
}

/** Live 1-coin offers of a merchant, straight in the table; answers their ids. */
async function offersOf(db: Connection, merchantId: string, count: number): Promise<string[]> {
  const now = Date.now();
  const ids: string[] = [];
  for (let index = 0; index < count; index += 1) {
    const [row] = (await db.query(
      `INSERT INTO offers (merchant_id, title, description, image_url, kind, price_coins, total_stock, stock_left, per_user_limit,
         valid_from, valid_until, voucher_ttl_seconds, status, reject_reason, created_at, updated_at)
       VALUES (?, ?, 'bench', NULL, 'coupon', 1, 1000000, 1000000, 1000, ?, ?, 86400, 'live', NULL, ?, ?)`,
      [merchantId, `hot rows ${index}`, now - 3_600_000, now + 86_400_000, now, now],
    )) as unknown as [{ insertId: number }];
    ids.push(String(row.insertId));
  }
  return ids;
}

/** A merchant made in the tables, whose account is one row (slot 0, made on its first credit). */
async function oneRowMerchant(db: Connection, name: string): Promise<string> {
  const [row] = (await db.query('INSERT INTO merchants (name, created_at) VALUES (?, ?)', [name, Date.now()])) as unknown as [{ insertId: number }];
  return String(row.insertId);
}

export async function measureHotRows(input: HotRowsInput) {
  const { bffUrl, connections } = input;
  const db = await createConnection({ uri: input.dbUrl });
  try {
    // Campaigns: three groups of users, each paid by what its community's campaigns owe on a re-sync.
    const users = (group: number) => Array.from({ length: PER_RUN }, (_, index) => input.firstUser + group * PER_RUN + index);
    const community = async (name: string) => (await api(bffUrl, '/ops/communities', input.operatorToken, { name, category: 'running', description: '' })).community.id as string;
    const campaign = (name: string, communityId: string) =>
      api(bffUrl, '/ops/campaigns', input.operatorToken, {
        name, startDate: input.today, endDate: input.today, multiplierPercent: 200, budgetCoins: 100_000_000, communityIds: [communityId],
      });
    const hot = await community('hot rows: one campaign');
    await addMembers(db, hot, users(0).map((index) => input.userIds[index]));
    await campaign('hot rows', hot);
    const oneRow = await community('hot rows: one-row budget');
    await addMembers(db, oneRow, users(1).map((index) => input.userIds[index]));
    await oneRowCampaign(db, input.today, oneRow, 100_000_000);
    const spread: string[] = [];
    for (let index = 0; index < SPREAD; index += 1) spread.push(await community(`hot rows: spread ${index}`));
    for (let index = 0; index < SPREAD; index += 1) {
      await addMembers(db, spread[index], users(2).filter((_, position) => position % SPREAD === index).map((user) => input.userIds[user]));
      await campaign(`spread ${index}`, spread[index]);
    }
    const syncLoad = (name: string, group: number) => {
      const members = users(group);
      let next = 0;
      return {
        tally: new Tally(name),
        options: (): autocannon.Options => ({
          url: `${bffUrl}/api/v1/steps/sync`,
          amount: SLICE,
          requests: [
            {
              method: 'POST',
              setupRequest: (request: autocannon.Request) => {
                const index = members[next++ % members.length];
                return { ...request, method: 'POST', body: input.payloads[index], headers: { 'content-type': 'application/json', authorization: input.bearer[index] } };
              },
            },
          ],
        }),
      };
    };
    const [campaignSpread, campaignHot, campaignOneRow] = await interleaved(connections, [
      syncLoad(`paying syncs spread over ${SPREAD} campaigns`, 2),
      syncLoad('paying syncs of one campaign (budget in 16 slots)', 0),
      syncLoad('paying syncs of one campaign (budget in one row)', 1),
    ]);

    // Merchants: 50 offers of one merchant against one offer each of 50 merchants; the offers'
    // stock rows are equally many in both, so only the merchant's account differs.
    const pooled = (await api(bffUrl, '/ops/merchants', input.operatorToken, { name: 'Hot Rows', username: 'hot-rows', password: 'hot-rows-password' })).merchant
      .id as string;
    const hotOffers = await offersOf(db, pooled, SPREAD);
    const oneRowOffers = await offersOf(db, await oneRowMerchant(db, 'Hot Rows One Row'), SPREAD);
    const spreadOffers: string[] = [];
    for (let index = 0; index < SPREAD; index += 1) spreadOffers.push(...(await offersOf(db, await oneRowMerchant(db, `Spread ${index}`), 1)));
    const redeemLoad = (name: string, offers: string[], group: number) => {
      let next = 0;
      return {
        tally: new Tally(name),
        options: (): autocannon.Options => ({
          url: `${bffUrl}/api/v1/offers/0/redeem`,
          amount: SLICE,
          requests: [
            {
              method: 'POST',
              setupRequest: (request: autocannon.Request) => {
                const index = next++;
                const user = input.firstUser + group * PER_RUN + index;
                return {
                  ...request,
                  method: 'POST',
                  path: `/api/v1/offers/${offers[index % offers.length]}/redeem`,
                  headers: { authorization: input.bearer[user], 'idempotency-key': `hot-rows-${group}-${index}` },
                };
              },
            },
          ],
        }),
      };
    };
    const [merchantSpread, merchantHot, merchantOneRow] = await interleaved(connections, [
      redeemLoad(`redemptions spread over ${SPREAD} merchants`, spreadOffers, 2),
      redeemLoad('redemptions of one merchant (account in 16 slots)', hotOffers, 0),
      redeemLoad('redemptions of one merchant (account in one row)', oneRowOffers, 1),
    ]);

    const ratio = (a: Run, b: Run) => Number((a.requestsPerSecond / b.requestsPerSecond).toFixed(3));
    return {
      runs: [campaignSpread, campaignHot, campaignOneRow, merchantSpread, merchantHot, merchantOneRow],
      ratios: {
        hotCampaignVsSpread: ratio(campaignHot, campaignSpread),
        oneRowCampaignVsSpread: ratio(campaignOneRow, campaignSpread),
        hotMerchantVsSpread: ratio(merchantHot, merchantSpread),
        oneRowMerchantVsSpread: ratio(merchantOneRow, merchantSpread),
      },
    };
  } finally {
    await db.end();
  }
}

export type HotRowsResult = Awaited<ReturnType<typeof measureHotRows>>;

/** The results table's rows for the hot-row runs. */
export function hotRowsMarkdown(result: HotRowsResult): string[] {
  const { ratios } = result;
  const met = (value: number) => (value >= 0.7 ? 'yes' : 'no');
  return [
    '## Hot rows: 50 concurrent payers of one campaign budget / one merchant',
    '',
    '| run | req/s | p50 ms | p99 ms | requests | failed |',
    '|---|---|---|---|---|---|',
    ...result.runs.map((run) => `| ${run.name} | ${run.requestsPerSecond} | ${run.p50Ms} | ${run.p99Ms} | ${run.requests} | ${run.failed} |`),
    '',
    '| measure | value | goal | met |',
    '|---|---|---|---|',
    `| one campaign (16 slots) ÷ spread over 50 | ${ratios.hotCampaignVsSpread} | >= 0.7 | ${met(ratios.hotCampaignVsSpread)} |`,
    `| one campaign (one row, as before) ÷ spread over 50 | ${ratios.oneRowCampaignVsSpread} | (reported) | |`,
    `| one merchant (16 slots) ÷ spread over 50 | ${ratios.hotMerchantVsSpread} | >= 0.7 | ${met(ratios.hotMerchantVsSpread)} |`,
    `| one merchant (one row, as before) ÷ spread over 50 | ${ratios.oneRowMerchantVsSpread} | (reported) | |`,
    '',
  ];
}
