import type { BuyCollectibleResponse, Collectible, CollectibleSeries, CreateSeriesRequest } from '@calorie-bank/shared';
import { campaignExists } from '../db/campaigns.js';
import * as collectibles from '../db/collectibles.js';
import { findContent } from '../db/content.js';
import type { Page } from '../db/pages.js';
import { runInTransaction } from '../db/transaction.js';
import { lockUser } from '../db/users.js';
import { AppError, authInvalid, notFound, userFrozen } from '../errors.js';
import { ensureAccount } from '../ledger/accounts.js';
import { postTransaction } from '../ledger/ledger.js';
import { recordAudit, type Operator } from './audit.js';
import { dropAwardSeriesCache } from './collectible-awards.js';
import type { ServiceContext } from './context.js';
import { answerOnce, userScope } from './idempotency.js';
import { checkOfferImage } from './uploads.js';

/** The platform account collectibles sold for coins are paid into. */
export const COLLECTIBLES_ACCOUNT = 'collectibles';

/** Refuses a rule naming a campaign, event or content item that does not exist. */
async function checkRule(context: ServiceContext, rule: CreateSeriesRequest['rule']): Promise<void> {
  const manager = context.db.manager;
  const missing = (what: string) => new AppError('NOT_FOUND', `${what} was not found`, { details: [{ path: 'rule', message: `${what} was not found` }] });
  if (rule.kind === 'steps' && !(await campaignExists(manager, rule.campaignId))) throw missing('The campaign');
  if (rule.kind === 'event_checkin' && !(await collectibles.eventExists(manager, rule.eventId))) throw missing('The event');
  if (rule.kind === 'content_view' && !(await findContent(manager, rule.contentId))) throw missing('The content item');
}

/** An operator defines a series, logged in the audit log. */
export async function createSeries(context: ServiceContext, operator: Operator, input: CreateSeriesRequest): Promise<{ series: CollectibleSeries }> {
  await checkOfferImage(context, input.artworkUrl, 'artworkUrl');
  await checkRule(context, input.rule);
  const now = context.now().getTime();
  const series = await runInTransaction(context.db, async (manager) => {
    const id = await collectibles.insertSeries(manager, input, now);
    await recordAudit(manager, operator, { action: 'collectibles.series.create', targetType: 'collectible_series', targetId: id, after: input }, now);
    return (await collectibles.findSeries(manager, id))!;
  });
  dropAwardSeriesCache(context);
  return { series };
}

/** An operator ends a series: nothing more is sold or awarded; serials issued stay. */
export async function endSeries(context: ServiceContext, operator: Operator, seriesId: string): Promise<{ series: CollectibleSeries }> {
  const now = context.now().getTime();
  const series = await runInTransaction(context.db, async (manager) => {
    const before = await collectibles.findSeries(manager, seriesId);
    if (!before) throw notFound('This series');
    if (before.status === 'active') {
      await collectibles.endSeriesRow(manager, seriesId);
      await recordAudit(manager, operator, { action: 'collectibles.series.end', targetType: 'collectible_series', targetId: seriesId }, now);
    }
    return (await collectibles.findSeries(manager, seriesId))!;
  });
  dropAwardSeriesCache(context);
  return { series };
}

export function listOpsSeries(context: ServiceContext, query: { cursor?: string; limit: number }): Promise<Page<CollectibleSeries>> {
  return collectibles.listSeries(context.db.manager, { ...query, activeOnly: false });
}

/** Active series with the caller's serial in each. */
export async function listSeriesForUser(context: ServiceContext, userId: string, query: { cursor?: string; limit: number }): Promise<Page<CollectibleSeries>> {
  const page = await collectibles.listSeries(context.db.manager, { ...query, activeOnly: true });
  const mine = await collectibles.serialsHeld(context.db.manager, userId, page.items.map((series) => series.id));
  return { ...page, items: page.items.map((series) => ({ ...series, mySerial: mine.get(series.id) ?? null })) };
}

export function myCollection(context: ServiceContext, userId: string, query: { cursor?: string; limit: number }): Promise<Page<Collectible>> {
  return collectibles.collectionOf(context.db.manager, userId, query);
}

export async function myCollectible(context: ServiceContext, userId: string, collectibleId: string): Promise<{ collectible: Collectible }> {
  const collectible = await collectibles.findCollectible(context.db.manager, collectibleId, userId);
  if (!collectible) throw notFound('This collectible');
  return { collectible };
}

const soldOut = () => new AppError('OUT_OF_STOCK', 'Every serial of this series has been issued');

/**
 * Buys the next serial of a series sold for coins, in one READ COMMITTED transaction: the user
 * row is locked first (so one user's requests and retries of one Idempotency-Key queue, and
 * "holds none yet" is final), the key is claimed, the wallet pays the platform's collectibles
 * account, and the serial is taken by the series' conditional counter update, so the edition is
 * never over-issued and no number is given twice.
 */
export async function buyCollectible(context: ServiceContext, userId: string, seriesId: string, idempotencyKey: string): Promise<BuyCollectibleResponse> {
  const now = context.now().getTime();
  const request = { scope: userScope(userId), key: idempotencyKey, content: `collectible:${seriesId}` };
  const { answer } = await runInTransaction(
    context.db,
    async (manager) => {
      const user = await lockUser(manager, userId);
      if (!user) throw authInvalid('This account no longer exists');
      return answerOnce(manager, request, now, async (requestId): Promise<BuyCollectibleResponse> => {
        if (user.frozen) throw userFrozen();
        const series = await collectibles.findSeries(manager, seriesId);
        if (!series) throw notFound('This series');
        if (series.rule.kind !== 'purchase' || series.status !== 'active') {
          throw new AppError('COLLECTIBLE_NOT_FOR_SALE', series.rule.kind === 'purchase' ? 'This series has ended' : 'This series is awarded, not sold');
        }
        if ((await collectibles.serialHeld(manager, seriesId, userId)) !== null) throw new AppError('COLLECTIBLE_ALREADY_OWNED', 'You already hold one of this series');
        if (series.issued >= series.editionSize) throw soldOut();
        const wallet = await ensureAccount(manager, 'user_wallet', userId, now);
        const platform = await ensureAccount(manager, 'platform', COLLECTIBLES_ACCOUNT, now);
        const posted = await postTransaction(manager, {
          idempotencyKey: `collectible:${requestId}`,
          kind: 'collectible_purchase',
          memo: series.name,
          postings: [
            { account: wallet, amount: -series.rule.priceCoins },
            { account: platform, amount: series.rule.priceCoins },
          ],
          now,
        });
        const serial = await collectibles.takeSerial(manager, seriesId);
        if (serial === null) throw soldOut();
        const id = await collectibles.insertCollectible(manager, { seriesId, serial, userId, obtainedBy: 'purchase', transactionId: posted.transactionId }, now);
        const collectible = (await collectibles.findCollectible(manager, id, userId))!;
        return { collectible, balance: posted.balances.get(wallet.id)! };
      });
    },
    { isolation: 'READ COMMITTED' },
  );
  return answer;
}
