import { isImplausibleSteps, syncableDates, type StepSyncRequest } from '@calorie-bank/shared';
import { sessionKeyOf } from '../db/users.js';
import { AppError } from '../errors.js';
import type { VerifiedSteps } from '../platform/types.js';
import type { ServiceContext } from './context.js';

/** The session key a platform needs to read this user's payload: WeChat's; Alipay's payload needs no lookup at all. */
export async function sessionKeyFor(context: ServiceContext, userId: string): Promise<string | null> {
  return context.platform.needsSessionKey ? sessionKeyOf(context.db.manager, userId, context.platform.name) : null;
}

/**
 * Has the platform verify and read a payload, then checks the claim against the rules that need
 * no lock: the sync window and the implausible limit. `onRead` learns the claim as soon as the
 * payload could be read, so that a refusal of the claim can still be recorded with it.
 */
export function verifyClaim(
  context: ServiceContext,
  body: StepSyncRequest,
  sessionKey: string | null,
  onRead: (claim: VerifiedSteps) => void,
): VerifiedSteps {
  const [today, yesterday] = syncableDates(context.now(), context.config.businessTimeZone);
  const claim = context.platform.verifySteps(body, { today, sessionKey });
  onRead(claim);
  if (claim.date !== today && claim.date !== yesterday) {
    throw new AppError('STEP_DATE_OUT_OF_WINDOW', `Only today's (${today}) and yesterday's (${yesterday}) steps can be synced`, {
      details: { date: claim.date, today, yesterday },
    });
  }
  if (isImplausibleSteps(claim.steps, context.config.coinRules)) {
    throw new AppError('STEPS_IMPLAUSIBLE', `${claim.steps} steps in one day is more than we can credit`, {
      details: { steps: claim.steps, limit: context.config.coinRules.implausibleStepsAbove },
    });
  }
  return claim;
}
