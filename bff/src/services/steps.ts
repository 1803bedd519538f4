import { syncableDates, type StepSyncRequest, type StepSyncResponse } from '@calorie-bank/shared';
import { AppError } from '../errors.js';
import type { VerifiedSteps } from '../platform/types.js';
import type { ServiceContext } from './context.js';
import { findDay } from '../db/daily-steps.js';
import { sessionKeyFor, verifyClaim } from './step-claim.js';
import { creditDay } from './step-credit.js';
import { afterCredit } from './step-effects.js';
import { recordRejectedSync } from './sync-attempts.js';

/**
 * Credits a sync. Alipay's payload, and a WeChat body naming its `countDate`, hold one day. A
 * WeChat body as the contract gives it (`encryptedData` and `iv` alone) holds every day of the
 * last month, so it credits both days still in the window: today, which the answer is about, then
 * yesterday (see `creditImpliedYesterday`); `credited` and `balance` count both.
 */
export async function creditDailySteps(context: ServiceContext, userId: string, body: StepSyncRequest): Promise<StepSyncResponse> {
  const sessionKey = await sessionKeyFor(context, userId);
  const today = await creditClaim(context, userId, body, sessionKey);
  if (context.platform.name !== 'wechat' || ('countDate' in body && body.countDate !== undefined)) return today;
  const earlier = await creditImpliedYesterday(context, userId, body, sessionKey);
  return earlier ? { ...today, credited: today.credited + earlier.credited, balance: earlier.balance } : today;
}

/**
 * Credits a day's steps from a platform payload: the platform verifies it, the claim is checked
 * against the window and the implausible limit, the day is credited in one transaction, and the
 * boards learn the new count after the commit. A refusal is recorded with what could be read.
 */
async function creditClaim(context: ServiceContext, userId: string, body: StepSyncRequest, sessionKey: string | null): Promise<StepSyncResponse> {
  const now = context.now().getTime();
  let verified: VerifiedSteps | undefined;
  try {
    const claim = verifyClaim(context, body, sessionKey, (read) => {
      verified = read;
    });
    const result = await creditDay(context, userId, claim, now);
    return await afterCredit(context, userId, claim, result);
  } catch (error) {
    if (error instanceof AppError) await recordRejectedSync(context, { userId, reason: error.code, verified, now });
    throw error;
  }
}

/**
 * Yesterday's steps from a WeChat body that named no day, credited in a transaction of its own
 * after today's. Only a count above the one recorded is credited; the client did not ask for this
 * day, so nothing about it fails the call or is recorded as a refusal (no entry, no steps, over the
 * limit), and a fault is logged and left for the next sync.
 */
async function creditImpliedYesterday(context: ServiceContext, userId: string, body: StepSyncRequest, sessionKey: string | null): Promise<StepSyncResponse | null> {
  const [, yesterday] = syncableDates(context.now(), context.config.businessTimeZone);
  try {
    const claim = verifyClaim(context, { ...body, countDate: yesterday }, sessionKey, () => undefined);
    const recorded = await findDay(context.db.manager, userId, yesterday);
    if (claim.steps <= (recorded?.steps ?? 0)) return null;
    const result = await creditDay(context, userId, claim, context.now().getTime());
    return await afterCredit(context, userId, claim, result);
  } catch (error) {
    if (!(error instanceof AppError) || error.status >= 500) context.logger.warn({ err: error, userId }, "yesterday's WeRun steps were not credited; the next sync tries again");
    return null;
  }
}
