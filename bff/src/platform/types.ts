import type { StepSyncRequest } from '@calorie-bank/shared';

/** Who the platform says signed in. */
export interface PlatformLogin {
  /** Alipay `user_id` (or `open_id`), WeChat `openid`. */
  platformUserId: string;
  /** WeChat's session key; kept server-side to decrypt WeRun data. */
  sessionKey?: string;
}

/** A day's step count the platform vouched for. */
export interface VerifiedSteps {
  date: string;
  steps: number;
  /** SHA-256 of the platform ciphertext: equal payloads give equal fingerprints. */
  fingerprint: string;
}

export interface StepVerificationContext {
  /** Today in the business time zone, for platforms whose payload does not name the day. */
  today: string;
  /** The session key stored at login (WeChat). */
  sessionKey: string | null;
}

/**
 * One super-app's open platform. Production and sandbox use the same adapter; only keys and
 * endpoints differ. Methods throw `AppError`s with the contract's platform codes.
 */
export interface PlatformAdapter {
  readonly name: 'alipay' | 'wechat';
  /** Whether `verifySteps` needs the session key stored at login. */
  readonly needsSessionKey: boolean;
  /** Exchanges the code the mini-program got from the super-app for the platform's user id. */
  exchangeLoginCode(body: unknown): Promise<PlatformLogin>;
  /** Verifies and decrypts step data forwarded by the mini-program. */
  verifySteps(body: StepSyncRequest, context: StepVerificationContext): VerifiedSteps;
}
