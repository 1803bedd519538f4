import type { EntityManager } from 'typeorm';
import { campaignCreditForDay, targetsSteps, type SyncCampaignCredit } from '@calorie-bank/shared';
import { findCampaignDay, saveCampaignDay } from '../db/campaigns.js';
import { balanceOf } from '../db/ledger.js';
import { ensureAccount, type AccountRef } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { drawFromPool } from '../ledger/pools.js';
import { appliesTo } from './campaigns.js';
import { campaignsRunningOn } from './running-campaigns.js';

export interface CampaignDayInput {
  userId: string;
  /** The communities the user belongs to, read in this transaction. */
  communityIds: ReadonlySet<string>;
  date: string;
  /** The day's best steps and when they were reached, after this sync. */
  steps: number;
  reachedAt: number;
  /** The day's base coins after this sync: what multipliers apply to. */
  baseCoins: number;
  /** The user's wallet, if it exists, and its balance as locked by the caller. */
  wallet: AccountRef | null;
  balance: number;
  now: number;
}

export interface CampaignDayResult {
  credits: SyncCampaignCredit[];
  /** Coins all campaigns added now. */
  credited: number;
  balance: number;
  /** The boards the day's steps now belong on besides the global one. */
  scopes: string[];
}

/**
 * Pays what the campaigns running on a day owe a user, inside the sync's transaction (the caller
 * holds the user's row lock). Each campaign pays from its own budget account in its own ledger
 * transaction; the budget is a pool of slots (`ledger/pools.ts`) drawn from only when coins are
 * owed, and a draw never exceeds what the slots hold, so concurrent syncs never overspend it.
 */
export async function creditCampaigns(manager: EntityManager, input: CampaignDayInput): Promise<CampaignDayResult> {
  const communities = input.communityIds;
  const scopes = [...communities].map((id) => `community:${id}`);
  const running = (await campaignsRunningOn(manager, input.date)).filter((campaign) => targetsSteps(campaign.target) && appliesTo(campaign, communities));
  let balance = input.balance;
  let wallet = input.wallet;
  let credited = 0;
  const credits: SyncCampaignCredit[] = [];
  for (const campaign of running) {
    scopes.push(`campaign:${campaign.id}`);
    const paid = await findCampaignDay(manager, campaign.id, input.date, input.userId);
    const alreadyCredited = paid?.coinsCredited ?? 0;
    const day = { steps: input.steps, baseCoins: input.baseCoins };
    const owed = campaignCreditForDay({ effects: campaign.effects, alreadyCredited, budgetLeft: Number.MAX_SAFE_INTEGER }, day).owed;
    const pool = { kind: 'campaign_budget' as const, ownerId: campaign.id };
    // What is owed is drawn from the budget's slots at once; the draw never takes more than they hold.
    const draw = owed > 0 ? await drawFromPool(manager, pool, owed, input.now) : null;
    const budgetLeft = draw ? draw.available : await balanceOf(manager, 'campaign_budget', campaign.id);
    const credit = campaignCreditForDay({ effects: campaign.effects, alreadyCredited, budgetLeft }, day);
    if (draw && draw.drawn !== credit.credited) throw new Error(`campaign ${campaign.id} drew ${draw.drawn} for ${credit.credited} owed`);
    const paidTotal = alreadyCredited + credit.credited;
    await saveCampaignDay(
      manager,
      { campaignId: campaign.id, date: input.date, userId: input.userId, exists: paid !== null },
      { steps: input.steps, reachedAt: input.reachedAt, coinsCredited: paidTotal },
    );
    if (draw && credit.credited > 0) {
      wallet ??= await ensureAccount(manager, 'user_wallet', input.userId, input.now);
      const posted = await postTransaction(manager, {
        // What a campaign paid a user for a day only grows, so each payment has a key of its own.
        idempotencyKey: `campaign:${campaign.id}:${input.userId}:${input.date}:${paidTotal}`,
        kind: 'campaign_bonus',
        memo: `${campaign.name} ${input.date}`,
        postings: [...draw.postings, { account: wallet, amount: credit.credited }],
        now: input.now,
        lockedBalances: new Map([[wallet.id, balance]]),
        applied: draw.balancesAfter,
      });
      balance = posted.balances.get(wallet.id)!;
      credited += credit.credited;
    }
    credits.push({ id: campaign.id, name: campaign.name, credited: credit.credited, exhausted: credit.budgetLeft === 0 });
  }
  return { credits, credited, balance, scopes };
}
