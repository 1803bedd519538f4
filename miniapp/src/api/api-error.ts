import type { ApiReply } from '@calorie-bank/shared/client';
import type { ErrorCode } from '@calorie-bank/shared/errors';

/** A field the BFF named in a VALIDATION_FAILED answer (`""` for the whole input). */
export interface FieldProblem {
  path: string;
  message: string;
}

/** A contract error answered by the BFF, or NETWORK when no answer came. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly status = 0,
    /** The fields a VALIDATION_FAILED names, to show beside them. */
    readonly details: FieldProblem[] = [],
    /** Seconds the BFF asked to wait (its Retry-After), when it named them. */
    readonly retryAfterSeconds: number | null = null,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** An answer as the app reads it: the reply, or an ApiError naming the contract code of a 4xx/5xx. */
export function replyOf(status: number, data: unknown, retryAfterHeader: string | null): ApiReply {
  if (status >= 400) {
    const answer = data as { error?: { code?: ErrorCode; message?: string; details?: FieldProblem[] } } | null;
    const named = (answer?.error?.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    const retryAfter = Number(retryAfterHeader ?? named);
    throw new ApiError(
      answer?.error?.code ?? 'INTERNAL',
      answer?.error?.message ?? `HTTP ${status}`,
      status,
      Array.isArray(answer?.error?.details) ? answer.error.details : [],
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return { status, body: data };
}

