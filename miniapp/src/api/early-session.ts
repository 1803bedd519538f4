import type { ApiReply } from '@calorie-bank/shared/client';
import type { EarlyReply, EarlySession } from '../../config/early-session';
import { replyOf } from './api-error';
import { EARLY_SESSION_GLOBAL } from '../../config/storage-keys';

/**
 * Takes the request index.html's early-session script started, if it is of `kind`: once, so a
 * later sign-in or `/me` asks the BFF again. Only the H5 build has that script.
 */
function takeEarlySession(kind: EarlySession['kind']): Promise<EarlyReply | null> | null {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return null;
  const holder = window as unknown as Record<string, EarlySession | undefined>;
  const early = holder[EARLY_SESSION_GLOBAL];
  if (!early) return null;
  delete holder[EARLY_SESSION_GLOBAL];
  return early.kind === kind ? early.reply : null;
}

/**
 * The answer to the request index.html started (H5, see config/early-session.ts) if it started
 * this kind, taken once; null when there is none or no answer came, and the caller asks itself.
 */
export async function earlyReply(kind: 'login' | 'me'): Promise<ApiReply | null> {
  const early = takeEarlySession(kind);
  const reply = early && (await early);
  // An answer whose body did not arrive whole is no answer: the caller asks again.
  if (!reply || (reply.status < 400 && reply.body === null)) return null;
  return replyOf(reply.status, reply.body, reply.retryAfter);
}

