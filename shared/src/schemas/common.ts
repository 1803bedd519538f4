import { z } from 'zod';
import { ERROR_CODES } from '../errors.js';
import { isCalendarDate } from '../dates.js';

/** A calendar day, `YYYY-MM-DD`. */
export const CalendarDate = z.string().refine(isCalendarDate, 'must be a calendar date YYYY-MM-DD').meta({
  format: 'date',
  example: '2026-11-22',
});

/** Ids travel as decimal strings so that BIGINT keys never lose precision in JavaScript. */
export const Id = z.string().regex(/^[1-9]\d{0,18}$/, 'must be a positive decimal id');

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES as [string, ...string[]]),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .meta({ id: 'Error' });

/** `limit` query parameter: a page size between 1 and `max`. */
export function pageLimit(defaultLimit: number, max: number) {
  return z.coerce.number().int().min(1).max(max).default(defaultLimit);
}
