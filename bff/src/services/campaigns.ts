import type { EntityManager } from 'typeorm';
import type { Campaign, CampaignTarget, CreateCampaignRequest, UpdateCampaignRequest, UserCampaign } from '@calorie-bank/shared';
import { addDays, businessDate } from '@calorie-bank/shared';
import * as campaigns from '../db/campaigns.js';
import type { CampaignRecord } from '../db/campaigns.js';
import { communitiesOf, missingCommunity } from '../db/communities.js';
import { budgetsLeft } from '../db/ledger.js';
import { runInTransaction } from '../db/transaction.js';
import { AppError, notFound, validationFailed } from '../errors.js';
import { mintAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { spreadCredit } from '../ledger/pools.js';
import { recordAudit, type Operator } from './audit.js';
import type { ServiceContext } from './context.js';
import { forgetRunningCampaigns } from './running-campaigns.js';

/** A campaign's rules and audience. */
export interface CampaignDefinition {
  id: string;
  name: string;
  communityIds: string[];
  target: CampaignTarget;
  effects: { multiplierPercent: number; thresholds: { steps: number; coins: number }[]; workoutThresholds: { workoutCoins: number; coins: number }[] };
  prizes: number[];
}

/** A campaign's rules and audience, as the coin rules and the boards read them. */
export function definitionOf(campaign: CampaignRecord): CampaignDefinition {
  return {
    id: campaign.id,
    name: campaign.name,
    communityIds: campaign.communityIds,
    target: campaign.target,
    effects: { multiplierPercent: campaign.multiplierPercent, thresholds: campaign.thresholds, workoutThresholds: campaign.workoutThresholds },
    prizes: campaign.prizes,
  };
}

/** Whether a campaign's audience includes a member of `communityIds`. */
export function appliesTo(campaign: CampaignDefinition, communityIds: ReadonlySet<string>): boolean {
  return campaign.communityIds.length === 0 || campaign.communityIds.some((id) => communityIds.has(id));
}

async function checkCommunities(manager: EntityManager, ids: string[]): Promise<void> {
  const missing = await missingCommunity(manager, ids);
  if (missing) throw notFound(`Community ${missing}`);
}

/** Moves `amount` coins from the mint into a campaign's budget, spread over the budget's slots. */
async function fundBudget(manager: EntityManager, campaignId: string, fundedTotal: number, amount: number, now: number): Promise<void> {
  const slots = await spreadCredit(manager, { kind: 'campaign_budget', ownerId: campaignId }, amount, now);
  await postTransaction(manager, {
    // Funding only grows, so the new total names each top-up once.
    idempotencyKey: `campaign-fund:${campaignId}:${fundedTotal}`,
    kind: 'campaign_funding',
    memo: `活动 ${campaignId} 预算`,
    postings: [
      { account: await mintAccount(manager), amount: -amount },
      ...slots,
    ],
    now,
  });
}

async function loadCampaign(manager: EntityManager, campaignId: string, lock = false): Promise<CampaignRecord> {
  const campaign = await campaigns.findCampaign(manager, campaignId, { lock });
  if (!campaign) throw notFound(`Campaign ${campaignId}`);
  return campaign;
}

async function withBudget(manager: EntityManager, campaign: CampaignRecord): Promise<Campaign> {
  const budgets = await budgetsLeft(manager, [campaign.id]);
  return { ...campaign, budgetLeft: budgets.get(campaign.id) ?? 0 };
}

/** The newest campaigns with what their budgets hold, for operators. */
export async function listCampaigns(context: ServiceContext): Promise<{ items: Campaign[] }> {
  const rows = await campaigns.latestCampaigns(context.db.manager, 200);
  const budgets = await budgetsLeft(context.db.manager, rows.map((row) => row.id));
  return { items: rows.map((row) => ({ ...row, budgetLeft: budgets.get(row.id) ?? 0 })) };
}

const byStepsAscending = (thresholds: { steps: number; coins: number }[]) => [...thresholds].sort((a, b) => a.steps - b.steps);
const byWorkoutCoinsAscending = (thresholds: { workoutCoins: number; coins: number }[]) => [...thresholds].sort((a, b) => a.workoutCoins - b.workoutCoins);

/** A new campaign; without a target it pays on steps, as campaigns did before targets existed. */
export type CreateCampaignInput = Omit<CreateCampaignRequest, 'target' | 'workoutThresholds'> & Partial<Pick<CreateCampaignRequest, 'target' | 'workoutThresholds'>>;

/**
 * Refuses a last day that has passed for good: yesterday is the earliest day a sync can still
 * credit, so a campaign ending before it could never pay out and would only lock its budget.
 */
function checkNotOver(context: ServiceContext, endDate: string) {
  const earliest = addDays(businessDate(context.now(), context.config.businessTimeZone), -1);
  if (endDate < earliest) throw validationFailed(`endDate ${endDate} has passed: the last day must be ${earliest} or later`, 'endDate');
}

/** Creates a campaign and funds its whole budget from the mint, in one transaction with its audit line. */
export async function createCampaign(context: ServiceContext, operator: Operator, request: CreateCampaignInput): Promise<{ campaign: Campaign }> {
  checkNotOver(context, request.endDate);
  const body = { ...request, target: request.target ?? 'steps', workoutThresholds: request.workoutThresholds ?? [] };
  const now = context.now().getTime();
  const created = await runInTransaction(context.db, async (manager) => {
    await checkCommunities(manager, body.communityIds);
    const campaignId = await campaigns.insertCampaign(manager, { ...body, thresholds: byStepsAscending(body.thresholds), workoutThresholds: byWorkoutCoinsAscending(body.workoutThresholds), status: 'active' }, now);
    await fundBudget(manager, campaignId, body.budgetCoins, body.budgetCoins, now);
    const campaign = await withBudget(manager, await loadCampaign(manager, campaignId));
    await recordAudit(manager, operator, { action: 'campaign.create', targetType: 'campaign', targetId: campaignId, after: campaign }, now);
    return { campaign };
  });
  forgetRunningCampaigns(context.db);
  return created;
}

/**
 * Edits a campaign. An ended campaign is final. A larger budget funds the difference from the
 * mint; a budget cannot shrink, since its coins may already be promised to users.
 */
export async function updateCampaign(
  context: ServiceContext,
  operator: Operator,
  campaignId: string,
  body: UpdateCampaignRequest,
): Promise<{ campaign: Campaign }> {
  const now = context.now().getTime();
  const updated = await runInTransaction(context.db, async (manager) => {
    const current = await loadCampaign(manager, campaignId, true);
    const before = await withBudget(manager, current);
    if (current.status === 'ended') throw new AppError('CAMPAIGN_NOT_EDITABLE', 'This campaign has ended and can no longer change');
    const startDate = body.startDate ?? current.startDate;
    const endDate = body.endDate ?? current.endDate;
    if (startDate > endDate) throw validationFailed('endDate must not be before startDate', body.endDate ? 'endDate' : 'startDate');
    if (body.endDate !== undefined && body.endDate !== current.endDate) checkNotOver(context, body.endDate);
    if (body.communityIds) await checkCommunities(manager, body.communityIds);
    const target = body.target ?? current.target;
    const workoutThresholds = body.workoutThresholds ?? current.workoutThresholds;
    if (target === 'steps' && workoutThresholds.length > 0) {
      throw validationFailed('workout thresholds need a target of workouts or both', body.target ? 'target' : 'workoutThresholds');
    }
    const funded = current.budgetCoins;
    if (body.budgetCoins !== undefined && body.budgetCoins < funded) {
      throw validationFailed(`A budget can only grow: it is ${funded} coins now`, 'budgetCoins');
    }
    if (body.budgetCoins !== undefined && body.budgetCoins > funded) {
      await fundBudget(manager, campaignId, body.budgetCoins, body.budgetCoins - funded, now);
    }
    await campaigns.updateCampaignRow(
      manager,
      campaignId,
      {
        name: body.name ?? current.name,
        description: body.description ?? current.description,
        startDate,
        endDate,
        communityIds: body.communityIds ?? current.communityIds,
        multiplierPercent: body.multiplierPercent ?? current.multiplierPercent,
        thresholds: body.thresholds ? byStepsAscending(body.thresholds) : current.thresholds,
        target,
        workoutThresholds: byWorkoutCoinsAscending(workoutThresholds),
        prizes: body.prizes ?? current.prizes,
        status: body.status ?? current.status,
        budgetCoins: Math.max(funded, body.budgetCoins ?? funded),
      },
      now,
    );
    const campaign = await withBudget(manager, await loadCampaign(manager, campaignId));
    const action =
      body.status && body.status !== current.status ? `campaign.${body.status === 'active' ? 'resume' : body.status === 'paused' ? 'pause' : 'end'}` : 'campaign.update';
    await recordAudit(manager, operator, { action, targetType: 'campaign', targetId: campaignId, before, after: campaign }, now);
    return { campaign };
  });
  forgetRunningCampaigns(context.db);
  return updated;
}

/** Today's campaigns that apply to a user, with what each paid them today and whether its budget is spent. */
export async function campaignsForUser(context: ServiceContext, userId: string): Promise<{ date: string; items: UserCampaign[] }> {
  const date = businessDate(context.now(), context.config.businessTimeZone);
  const manager = context.db.manager;
  const running = await campaigns.activeCampaignsOn(manager, date);
  if (running.length === 0) return { date, items: [] };
  const communities = await communitiesOf(manager, userId);
  const applicable = running.filter((campaign) => appliesTo(definitionOf(campaign), communities));
  const ids = applicable.map((campaign) => campaign.id);
  const budgets = await budgetsLeft(manager, ids);
  const [paidBy, paidWorkoutsBy] = await Promise.all([campaigns.paidOn(manager, userId, date, ids), campaigns.paidOnWorkouts(manager, userId, date, ids)]);
  return {
    date,
    items: applicable.map(({ budgetCoins: _funded, createdAt: _created, ...campaign }) => {
      const budgetLeft = budgets.get(campaign.id) ?? 0;
      return {
        ...campaign,
        budgetLeft,
        exhausted: budgetLeft === 0,
        creditedToday: paidBy.get(campaign.id) ?? 0,
        workoutCreditedToday: paidWorkoutsBy.get(campaign.id) ?? 0,
      };
    }),
  };
}
