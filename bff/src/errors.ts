import { ERROR_STATUS, type ErrorCode, type FieldIssue } from '@calorie-bank/shared';

/**
 * The one error type handlers throw. `expose` says whether the message may reach the client;
 * an unexposed error answers with a generic message and is logged in full.
 */
export class AppError extends Error {
  readonly status: number;
  readonly expose: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: { details?: unknown; cause?: unknown; headers?: Record<string, string> } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.status = ERROR_STATUS[code];
    this.expose = this.status < 500 || code === 'SERVICE_UNAVAILABLE';
    // A client shows a validation error beside its field, so such an error always names one ('' = the whole input).
    this.details = code === 'VALIDATION_FAILED' && !Array.isArray(options.details) ? [{ path: '', message }] : options.details;
    this.headers = options.headers;
  }

  readonly details?: unknown;
  readonly headers?: Record<string, string>;
}

/** A request the contract's rules refuse; `details` names the field(s): issues, or the path of the one field at fault. */
export const validationFailed = (message: string, details: FieldIssue[] | string = '') =>
  new AppError('VALIDATION_FAILED', message, { details: typeof details === 'string' ? [{ path: details, message }] : details });
export const authRequired = () => new AppError('AUTH_REQUIRED', 'Sign in first: this needs a session token');
export const authInvalid = (message = 'The session token is invalid or has expired') => new AppError('AUTH_INVALID', message);
export const forbidden = (message = 'You may not do this') => new AppError('FORBIDDEN', message);
export const userFrozen = () => new AppError('USER_FROZEN', 'This account is frozen; contact support');
export const notFound = (what: string) => new AppError('NOT_FOUND', `${what} was not found`);
export const signatureInvalid = (message: string) => new AppError('PLATFORM_SIGNATURE_INVALID', message);
export const payloadInvalid = (message: string) => new AppError('PLATFORM_PAYLOAD_INVALID', message);
export const insufficientCoins = () => new AppError('INSUFFICIENT_COINS', 'Not enough coins in the wallet');
export const rateLimited = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', `Too many requests; try again in ${retryAfterSeconds} s`, {
    // Also in the body, for clients (mini-programs) that cannot read response headers everywhere.
    details: { retryAfterSeconds },
    headers: { 'Retry-After': String(retryAfterSeconds) },
  });
/** A dependency is down or too slow; `Retry-After` tells clients when trying again is worthwhile. */
export const serviceUnavailable = (message: string, cause?: unknown, retryAfterSeconds = 5) =>
  new AppError('SERVICE_UNAVAILABLE', message, { cause, headers: { 'Retry-After': String(retryAfterSeconds) } });
