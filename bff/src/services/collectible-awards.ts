import type { CollectibleRuleKind, CollectibleSeries } from '@calorie-bank/shared';
import * as collectibles from '../db/collectibles.js';
import { runInTransaction } from '../db/transaction.js';
import { lockUser } from '../db/users.js';
import type { ServiceContext } from './context.js';

/** How long a process reuses its list of active award series: the sync path checks it on every call. */
const ACTIVE_SERIES_TTL_MS = 5_000;
const activeCaches = new WeakMap<object, { at: number; series: Promise<CollectibleSeries[]> }>();

/** The active series awarded by a rule, from memory when read in the last few seconds. */
function activeAwardSeries(context: ServiceContext): Promise<CollectibleSeries[]> {
  const now = Date.now();
  const cached = activeCaches.get(context.db);
  if (cached && now - cached.at < ACTIVE_SERIES_TTL_MS) return cached.series;
  const series = collectibles.activeAwardSeries(context.db.manager);
  activeCaches.set(context.db, { at: now, series });
  series.catch(() => activeCaches.delete(context.db));
  return series;
}

/** Forgets the cached series, after an operator defined or ended one in this process. */
export function dropAwardSeriesCache(context: ServiceContext): void {
  activeCaches.delete(context.db);
}

/**
 * Who this process knows to hold a serial of a series already, so that a user past a threshold does
 * not open an award transaction on every later sync. Bounded: forgotten whole past 100,000 entries.
 */
const knownHolders = new WeakMap<object, Set<string>>();
const KNOWN_HOLDERS_MAX = 100_000;

function holders(context: ServiceContext): Set<string> {
  let known = knownHolders.get(context.db);
  if (!known || known.size > KNOWN_HOLDERS_MAX) {
    known = new Set();
    knownHolders.set(context.db, known);
  }
  return known;
}

/**
 * Gives a user the next serial of a series, once. The user's row lock makes "holds none yet"
 * final for this user; the conditional counter update keeps the series from over-issuing, and
 * the unique (series, serial) and (series, user) keys back both rules. Null when the user holds
 * one already, is frozen, or the series is sold out or ended.
 */
export async function awardCollectible(context: ServiceContext, seriesId: string, userId: string, obtainedBy: CollectibleRuleKind): Promise<number | null> {
  const now = context.now().getTime();
  const outcome = await runInTransaction(
    context.db,
    async (manager) => {
      const user = await lockUser(manager, userId);
      if (!user || user.frozen) return { serial: null, holds: false };
      if ((await collectibles.serialHeld(manager, seriesId, userId)) !== null) return { serial: null, holds: true };
      const taken = await collectibles.takeSerial(manager, seriesId);
      if (taken === null) return { serial: null, holds: false };
      await collectibles.insertCollectible(manager, { seriesId, serial: taken, userId, obtainedBy, transactionId: null }, now);
      return { serial: taken, holds: true };
    },
    { isolation: 'READ COMMITTED' },
  );
  if (outcome.holds) holders(context).add(`${seriesId}:${userId}`);
  const serial = outcome.serial;
  if (serial !== null) {
    context.logger.info({ userId, seriesId, serial }, 'awarded a collectible');
    if (serial >= (await collectibles.findSeries(context.db.manager, seriesId))!.editionSize) dropAwardSeriesCache(context);
  }
  return serial;
}

/**
 * Awards each matching series. Runs after the triggering action committed: a failure here is
 * logged and leaves that action's answer alone, and the same rule is checked again on the next
 * sync, check-in, visit or view, so nothing is lost for long.
 */
async function awardMatching(context: ServiceContext, userId: string, matches: (series: CollectibleSeries) => boolean | Promise<boolean>): Promise<void> {
  try {
    const active = await activeAwardSeries(context);
    for (const series of active) {
      if (holders(context).has(`${series.id}:${userId}`)) continue;
      if (await matches(series)) await awardCollectible(context, series.id, userId, series.rule.kind);
    }
  } catch (error) {
    context.logger.warn({ err: error, userId }, 'a collectible award was not made; the next qualifying action tries again');
  }
}

/** After a step sync: series for reaching a number of steps in a day of a campaign that applied to the user. */
export function awardForSteps(context: ServiceContext, userId: string, day: { steps: number; scopes: string[] }): Promise<void> {
  return awardMatching(
    context,
    userId,
    (series) => series.rule.kind === 'steps' && day.steps >= series.rule.steps && day.scopes.includes(`campaign:${series.rule.campaignId}`),
  );
}

/** After a check-in at an event. */
export function awardForEventCheckIn(context: ServiceContext, userId: string, eventId: string): Promise<void> {
  return awardMatching(context, userId, (series) => series.rule.kind === 'event_checkin' && series.rule.eventId === eventId);
}

/** After a venue's gate closed a visit: series for finishing a number of visits. */
export async function awardForVisit(context: ServiceContext, visitId: string): Promise<void> {
  try {
    if (!(await activeAwardSeries(context)).some((series) => series.rule.kind === 'venue_visits')) return;
    const userId = await collectibles.closedVisitUser(context.db.manager, visitId);
    if (!userId) return;
    const visits = await collectibles.finishedVisits(context.db.manager, userId);
    await awardMatching(context, userId, (series) => series.rule.kind === 'venue_visits' && visits >= series.rule.visits);
  } catch (error) {
    context.logger.warn({ err: error, visitId }, 'a collectible award was not made; the next visit tries again');
  }
}

/** After a user opened a content item. */
export function awardForContentView(context: ServiceContext, userId: string, itemId: string): Promise<void> {
  return awardMatching(context, userId, (series) => series.rule.kind === 'content_view' && series.rule.contentId === itemId);
}
