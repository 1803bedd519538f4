/**
 * Campaign rules: what an operator's campaign adds to a user's day on top of the base coins.
 *
 * Like the base rules, a campaign's bonus is computed from the whole day, never accumulated per
 * sync: the BFF stores what each campaign already paid a user for the day and pays only the
 * difference, limited by what is left in the campaign's budget. Overlapping campaigns do not
 * compound: each one's bonus is computed from the base coins alone.
 */

export interface StepThreshold {
  /** Steps the day must reach (at least) for the bonus. */
  steps: number;
  /** Coins the threshold adds once reached. */
  coins: number;
}

export interface CampaignEffects {
  /** Percent of the day's base coins the day is worth: 100 adds nothing, 200 doubles the coins. */
  multiplierPercent: number;
  /** One-off bonuses for reaching step counts. */
  thresholds: readonly StepThreshold[];
}

/** Highest multiplier a campaign may set (×10). */
export const MAX_MULTIPLIER_PERCENT = 1000;

function assertCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

/**
 * Coins a campaign adds to a whole day: the multiplier's extra share of the base coins (rounded
 * down) plus every threshold the day's steps reached.
 */
export function campaignBonusForDay(effects: CampaignEffects, day: { steps: number; baseCoins: number }): number {
  assertCount('steps', day.steps);
  assertCount('baseCoins', day.baseCoins);
  assertCount('multiplierPercent', effects.multiplierPercent);
  const extraPercent = Math.max(0, effects.multiplierPercent - 100);
  let bonus = Math.floor((day.baseCoins * extraPercent) / 100);
  for (const threshold of effects.thresholds) {
    assertCount('threshold.steps', threshold.steps);
    assertCount('threshold.coins', threshold.coins);
    if (day.steps >= threshold.steps) bonus += threshold.coins;
  }
  return bonus;
}

export interface CampaignDayInput {
  effects: CampaignEffects;
  /** What this campaign already paid the user for the day. */
  alreadyCredited: number;
  /** Coins left in the campaign's budget before this credit. */
  budgetLeft: number;
}

export interface CampaignCredit {
  /** What the campaign makes the whole day worth now. */
  dayBonus: number;
  /** What the user is still owed for the day, budget aside. */
  owed: number;
  /** What is paid now: the owed coins, as far as the budget reaches. */
  credited: number;
  /** Budget left after this credit; at zero the campaign's effects stop. */
  budgetLeft: number;
}

/** What a campaign pays for a day now: only coins not yet paid, and never more than its budget holds. */
export function campaignCreditForDay(input: CampaignDayInput, day: { steps: number; baseCoins: number }): CampaignCredit {
  assertCount('alreadyCredited', input.alreadyCredited);
  assertCount('budgetLeft', input.budgetLeft);
  const dayBonus = campaignBonusForDay(input.effects, day);
  const owed = Math.max(0, dayBonus - input.alreadyCredited);
  const credited = Math.min(owed, input.budgetLeft);
  return { dayBonus, owed, credited, budgetLeft: input.budgetLeft - credited };
}

/**
 * Coins each place of a campaign's daily board wins, as far as the budget reaches: prizes are
 * paid in rank order, and a prize the budget cannot cover in full gets what is left.
 */
export function prizePayouts(prizes: readonly number[], ranked: number, budgetLeft: number): number[] {
  assertCount('ranked', ranked);
  assertCount('budgetLeft', budgetLeft);
  const payouts: number[] = [];
  let left = budgetLeft;
  for (let index = 0; index < Math.min(prizes.length, ranked); index += 1) {
    assertCount('prize', prizes[index]);
    const paid = Math.min(prizes[index], left);
    payouts.push(paid);
    left -= paid;
  }
  return payouts;
}
