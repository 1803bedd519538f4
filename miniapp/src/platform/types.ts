import type { API_ROUTES, RouteBody } from '@calorie-bank/shared/api';

type Routes = typeof API_ROUTES;

/** What the mini-program needs from the super-app it runs in. Pages use this, never `my.` or `wx.`. */
export interface PlatformBridge {
  readonly name: 'alipay' | 'weapp' | 'h5';
  /** Body for `POST /auth/login`: Alipay `{authCode}`, WeChat `{code}`. */
  loginCredential(): Promise<RouteBody<Routes['login']>>;
  /**
   * Body for `POST /steps/sync` for the day `countDate` of `timeZone` (the BFF's business zone;
   * Alipay counts the day in it). Asks the user for the step authorization the first time, so
   * call it only after the user tapped to sync.
   */
  stepData(countDate: string, timeZone?: string): Promise<RouteBody<Routes['syncSteps']>>;
  /** Scans a QR code and answers its text. */
  scanCode(): Promise<string>;
  /** Whether `scanCode` opens a real scanner (a browser has none). */
  readonly canScan: boolean;
  /** The user's nickname and avatar as the super-app keeps them, where it shares them through an API (Alipay). */
  appProfile?(): Promise<{ nickname: string; avatarUrl: string | null }>;
}

export type StepAccessProblem = 'denied' | 'unavailable' | 'network' | 'unknown';

/** Why the platform would not hand over the step data. */
export class StepAccessError extends Error {
  constructor(
    readonly problem: StepAccessProblem,
    detail: string,
  ) {
    super(detail);
    this.name = 'StepAccessError';
  }
}

/** Sorts a platform failure (whose text differs by platform and version) into what the user can do about it. */
export function classifyStepFailure(failure: unknown): StepAccessError {
  const text = JSON.stringify(failure ?? '').toLowerCase();
  if (/cancel|deny|denied|auth|拒绝|取消|授权/.test(text)) return new StepAccessError('denied', text);
  if (/not support|unsupported|未开启|未关注|device|不支持|11\b|3000/.test(text)) return new StepAccessError('unavailable', text);
  if (/network|timeout|网络|超时/.test(text)) return new StepAccessError('network', text);
  return new StepAccessError('unknown', text);
}
