import type { StepSyncRequest, StepSyncResponse } from '@calorie-bank/shared';
import { AppError } from '../errors.js';
import type { VerifiedSteps } from '../platform/types.js';
import type { ServiceContext } from './context.js';
import { sessionKeyFor, verifyClaim } from './step-claim.js';
import { creditDay } from './step-credit.js';
import { afterCredit } from './step-effects.js';
import { recordRejectedSync } from './sync-attempts.js';

/**
 * Credits a day's steps from a platform payload: the platform verifies it, the claim is checked
 * against the window and the implausible limit, the day is credited in one transaction, and the
 * boards learn the new count after the commit. A refusal is recorded with what could be read.
 */
export async function creditDailySteps(context: ServiceContext, userId: string, body: StepSyncRequest): Promise<StepSyncResponse> {
  const sessionKey = await sessionKeyFor(context, userId);
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
