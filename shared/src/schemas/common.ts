import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import { EARLIEST_DATE, isCalendarDate, LATEST_DATE } from '../dates.js';

export { EARLIEST_DATE, LATEST_DATE } from '../dates.js';
const EARLIEST_MS = Date.parse(`${EARLIEST_DATE}T00:00:00Z`);
const LATEST_MS = Date.parse(`${LATEST_DATE}T23:59:59.999Z`);

/** A calendar day, `YYYY-MM-DD`, from 2000-01-01 to 2099-12-31. */
export const CalendarDate = z
  .string()
  .refine(
    (date) => isCalendarDate(date) && date >= EARLIEST_DATE && date <= LATEST_DATE,
    `must be a calendar date YYYY-MM-DD from ${EARLIEST_DATE} to ${LATEST_DATE}`,
  )
  .meta({ format: 'date', example: '2026-11-22' });

/** An instant in ISO 8601 UTC (`…Z`), within the same years as `CalendarDate`. */
export const Instant = z.iso.datetime().refine((at) => {
  const ms = Date.parse(at);
  return ms >= EARLIEST_MS && ms <= LATEST_MS;
}, `must be between ${EARLIEST_DATE} and ${LATEST_DATE}`);

/** The largest BIGINT: a larger id names nothing, and some drivers would round it to one that does. */
const MAX_ID = '9223372036854775807';

/** Ids travel as decimal strings so that BIGINT keys never lose precision in JavaScript. */
export const Id = z
  .string()
  .regex(/^[1-9]\d{0,18}$/, { message: 'must be a positive decimal id', abort: true })
  .refine((id) => id.length < MAX_ID.length || id <= MAX_ID, 'is past the largest id');

/** Whether `id` is a decimal id within BIGINT. */
export function isId(id: string): boolean {
  return Id.safeParse(id).success;
}

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/**
 * `cursor` query parameter: the opaque `nextCursor` of a previous page, passed back unchanged. Its
 * content is the server's business; one it did not give out answers VALIDATION_FAILED.
 */
export const Cursor = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'must be a cursor from a previous page');

/** `limit` query parameter: a page size between 1 and `max`. */
export function pageLimit(defaultLimit: number, max: number) {
  return z.coerce.number().int().min(1).max(max).default(defaultLimit);
}

/** A list's paging parameters: the cursor of a previous page and a bounded page size. */
export const PageQuery = z.strictObject({ cursor: Cursor.optional(), limit: pageLimit(20, 100) });

/** Control characters (C0, DEL, C1), the line and paragraph separators, and the marks that reorder text on screen (bidi embeddings, overrides, isolates). */
const UNSHOWN_IN_LINE = /[\p{Cc}\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;
/** The same, less the tab and the line breaks a text of several lines keeps. */
const UNSHOWN_IN_TEXT = /[^\P{Cc}\t\n\r]|[\u202a-\u202e\u2066-\u2069]/u;
/**
 * A character that shows: neither a space, an invisible format mark (a zero-width space, say) nor
 * another character that fonts draw as nothing (the Hangul fillers, which are letters).
 */
const SHOWN = /[^\s\p{Cf}\p{Default_Ignorable_Code_Point}]/u;

/** Whether `value` holds some character that shows (see `SHOWN`). */
export const showsSomething = (value: string) => SHOWN.test(value);

/**
 * One line that people read (a name, a title, a reason): trimmed, 1 to `max` characters, with some
 * character that shows and no control character or direction mark, which would let it pass for
 * empty or show as something else.
 */
export const lineOfText = (max: number, emptyMessage?: string) =>
  z
    .string()
    .trim()
    .min(1, emptyMessage)
    .max(max)
    .refine((value) => !UNSHOWN_IN_LINE.test(value), 'must not hold control characters or direction marks')
    // An empty value is already refused by `min`: one reason per mistake.
    .refine((value) => value === '' || showsSomething(value), 'must hold a character that shows');

/** Whether a text of several lines holds no control character but tabs and line breaks, and no direction mark. */
export const showsAsSent = (value: string) => !UNSHOWN_IN_TEXT.test(value);

/**
 * The other ways text breaks a line, as office apps paste them (a vertical tab for Shift+Enter, a form
 * feed, NEL, the Unicode line and paragraph separators): written as the line break they mean.
 */
const OTHER_BREAKS = /[\v\f\u0085\u2028\u2029]/g;

/** `value` with every other kind of line break written as `\n`. */
export const plainLineBreaks = (value: string) => value.replace(OTHER_BREAKS, '\n');

/** A text of several lines (a description, a note): its line breaks made plain, trimmed, at most `max` characters, maybe empty. */
export const blockOfText = (max: number) =>
  z
    .string()
    .overwrite(plainLineBreaks)
    .trim()
    .max(max)
    .refine(showsAsSent, 'must not hold control characters (but tabs and line breaks) or direction marks');

/** The `Idempotency-Key` header: 8 to 128 letters, digits or `_ . : -` (a UUID fits), compared case-sensitively and whole. */
export const IDEMPOTENCY_KEY_PATTERN = '^[A-Za-z0-9_.:-]{8,128}$';
