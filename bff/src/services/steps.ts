import { syncableDates, type StepSyncRequest, type StepSyncResponse } from '@calorie-bank/shared';
import { AppError } from '../errors.js';
import type { VerifiedSteps } from '../platform/types.js';
import type { ServiceContext } from './context.js';
import { sessionKeyFor, verifyClaim } from './step-claim.js';
import { creditDay } from './step-credit.js';
import { afterCredit } from './step-effects.js';
import { recordRejectedSync } from './sync-attempts.js';

/**
 * Credits a sync. Alipay's payload, and a WeChat body naming its `countDate`, hold one day. A
 * WeChat body as the contract gives it (`encryptedData` and `iv` alone) holds every day of the
 * last month, so it credits both days still in the window: today, which the answer is about, then
 * yesterday, each in its own transaction; `credited` and `balance` count both. Yesterday's credit
 * never fails the call: a day with no steps is left alone, a refusal by the rules is recorded as
 * any refusal is, and a fault leaves it for the next sync.
 */
export async function creditDailySteps(context: ServiceContext, userId: string, body: StepSyncRequest): Promise<StepSyncResponse> {
  if (context.platform.name !== 'wechat' || ('countDate' in body && body.countDate !== undefined)) return creditOneDay(context, userId, body);
  const today = await creditOneDay(context, userId, body);
  const [, yesterday] = syncableDates(context.now(), context.config.businessTimeZone);
  try {
    const earlier = await creditOneDay(context, userId, { ...body, countDate: yesterday }, { skipNoSteps: true });
    return earlier ? { ...today, credited: today.credited + earlier.credited, balance: earlier.balance } : today;
  } catch (error) {
    if (!(error instanceof AppError)) context.logger.warn({ err: error, userId }, "yesterday's WeRun steps were not credited; the next sync tries again");
    return today;
  }
}

/**
 * Credits a day's steps from a platform payload: the platform verifies it, the claim is checked
 * against the window and the implausible limit, the day is credited in one transaction, and the
 * boards learn the new count after the commit. A refusal is recorded with what could be read.
 * With `skipNoSteps`, a day the payload gives no steps is neither credited nor recorded (null).
 */
async function creditOneDay(context: ServiceContext, userId: string, body: StepSyncRequest, options: { skipNoSteps: true }): Promise<StepSyncResponse | null>;
async function creditOneDay(context: ServiceContext, userId: string, body: StepSyncRequest): Promise<StepSyncResponse>;
async function creditOneDay(context: ServiceContext, userId: string, body: StepSyncRequest, options?: { skipNoSteps: true }): Promise<StepSyncResponse | null> {
  const sessionKey = await sessionKeyFor(context, userId);
  const now = context.now().getTime();
  let verified: VerifiedSteps | undefined;
  try {
    const claim = verifyClaim(context, body, sessionKey, (read) => {
      verified = read;
    });
    if (options?.skipNoSteps && claim.steps === 0) return null;
    const result = await creditDay(context, userId, claim, now);
    return await afterCredit(context, userId, claim, result);
  } catch (error) {
    if (error instanceof AppError) await recordRejectedSync(context, { userId, reason: error.code, verified, now });
    throw error;
  }
}
