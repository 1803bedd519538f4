import type { EntityManager } from 'typeorm';
import { campaignCreditForDay, type SyncCampaignCredit } from '@calorie-bank/shared';
import { forUpdate } from '../db/transaction.js';
import { ensureAccount, type AccountRef } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { appliesTo, campaignsOn, communitiesOf, definitionOf } from './campaigns.js';

export interface CampaignDayInput {
  userId: string;
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
 * transaction; a budget is locked only when coins are owed, and a payment never exceeds what the
 * locked budget holds, so concurrent syncs never overspend it.
 */
export async function creditCampaigns(manager: EntityManager, input: CampaignDayInput): Promise<CampaignDayResult> {
  const communities = await communitiesOf(manager, input.userId);
  const scopes = [...communities].map((id) => `community:${id}`);
  const running = (await campaignsOn(manager, input.date)).map(definitionOf).filter((campaign) => appliesTo(campaign, communities));
  let balance = input.balance;
  let wallet = input.wallet;
  let credited = 0;
  const credits: SyncCampaignCredit[] = [];
  for (const campaign of running) {
    scopes.push(`campaign:${campaign.id}`);
    const days: { coins_credited: number }[] = await manager.query(
      'SELECT coins_credited FROM campaign_days WHERE campaign_id = ? AND date = ? AND user_id = ?',
      [campaign.id, input.date, input.userId],
    );
    const alreadyCredited = days.length > 0 ? Number(days[0].coins_credited) : 0;
    const day = { steps: input.steps, baseCoins: input.baseCoins };
    const owed = campaignCreditForDay({ effects: campaign.effects, alreadyCredited, budgetLeft: Number.MAX_SAFE_INTEGER }, day).owed;
    const budgets: { id: number | string; balance: number | string }[] = await manager.query(
      `SELECT id, balance FROM ledger_accounts WHERE kind = 'campaign_budget' AND owner_id = ?${owed > 0 ? forUpdate(manager) : ''}`,
      [campaign.id],
    );
    const budget = budgets[0];
    const credit = campaignCreditForDay(
      { effects: campaign.effects, alreadyCredited, budgetLeft: budget ? Number(budget.balance) : 0 },
      day,
    );
    const paidTotal = alreadyCredited + credit.credited;
    if (days.length === 0) {
      await manager.query(
        'INSERT INTO campaign_days (campaign_id, date, user_id, steps, reached_at, coins_credited) VALUES (?, ?, ?, ?, ?, ?)',
        [campaign.id, input.date, input.userId, input.steps, input.reachedAt, paidTotal],
      );
    } else {
      await manager.query(
        'UPDATE campaign_days SET steps = ?, reached_at = ?, coins_credited = ? WHERE campaign_id = ? AND date = ? AND user_id = ?',
        [input.steps, input.reachedAt, paidTotal, campaign.id, input.date, input.userId],
      );
    }
    if (credit.credited > 0 && budget) {
      wallet ??= await ensureAccount(manager, 'user_wallet', input.userId, input.now);
      const budgetAccount = { id: String(budget.id), kind: 'campaign_budget' as const };
      const posted = await postTransaction(manager, {
        // What a campaign paid a user for a day only grows, so each payment has a key of its own.
        idempotencyKey: `campaign:${campaign.id}:${input.userId}:${input.date}:${paidTotal}`,
        kind: 'campaign_bonus',
        memo: `${campaign.name} ${input.date}`,
        postings: [
          { account: budgetAccount, amount: -credit.credited },
          { account: wallet, amount: credit.credited },
        ],
        now: input.now,
        lockedBalances: new Map([
          [wallet.id, balance],
          [budgetAccount.id, Number(budget.balance)],
        ]),
      });
      balance = posted.balances.get(wallet.id)!;
      credited += credit.credited;
    }
    credits.push({ id: campaign.id, name: campaign.name, credited: credit.credited, exhausted: credit.budgetLeft === 0 });
  }
  return { credits, credited, balance, scopes };
}
