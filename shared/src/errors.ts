/** Error codes of the contract with their HTTP status; the project adds codes, never changes these. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  PLATFORM_SIGNATURE_INVALID: 400,
  PLATFORM_PAYLOAD_INVALID: 400,
  AUTH_REQUIRED: 401,
  AUTH_INVALID: 401,
  FORBIDDEN: 403,
  USER_FROZEN: 403,
  NOT_A_MEMBER: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  REQUEST_TIMEOUT: 408,
  INSUFFICIENT_COINS: 409,
  OUT_OF_STOCK: 409,
  REDEEM_LIMIT_REACHED: 409,
  OFFER_NOT_AVAILABLE: 409,
  VOUCHER_NOT_REDEEMABLE: 409,
  OFFER_NOT_EDITABLE: 409,
  COMMUNITY_LIMIT_REACHED: 409,
  EVENT_FULL: 409,
  EVENT_NOT_OPEN: 409,
  CAMPAIGN_NOT_EDITABLE: 409,
  DAY_NOT_CLOSED: 409,
  VENUE_FULL: 409,
  SLOT_FULL: 409,
  VISIT_ALREADY_OPEN: 409,
  BOOKING_NOT_CANCELLABLE: 409,
  VENUE_NOT_EDITABLE: 409,
  SLOT_NOT_BOOKABLE: 409,
  FACILITY_NOT_BOOKABLE: 409,
  BOOKING_REQUIRED: 409,
  VENUE_CLOSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  STEP_DATE_OUT_OF_WINDOW: 422,
  STEPS_IMPLAUSIBLE: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  CHECKIN_CODE_INVALID: 422,
  ENTRY_CODE_INVALID: 422,
  RATE_LIMITED: 429,
  HEADERS_TOO_LARGE: 431,
  INTERNAL: 500,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ERROR_CODES = Object.keys(ERROR_STATUS) as ErrorCode[];

/** The body of every error answer. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown };
}

/** One entry of a VALIDATION_FAILED answer's `details`: the field (dotted path, `''` for the whole input) and what is wrong. */
export interface FieldIssue {
  path: string;
  message: string;
}
