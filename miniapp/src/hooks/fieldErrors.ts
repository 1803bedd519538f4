import { ApiError } from '../api/client';
import { fieldSentence } from '../i18n/fieldErrors';

/**
 * The BFF's VALIDATION_FAILED `details` by field, for a form to show beside each field. `rename`
 * maps a request path to the form's own field where they differ (e.g. `validUntil` → `validDays`);
 * a path the form has no field for is kept under `''`, shown with the form's general error. Each
 * message is said in the app's language as what to fix, from the field and the BFF's zod message.
 */
export function fieldErrorsOf(error: unknown, fields: readonly string[], rename: Record<string, string> = {}): Record<string, string> {
  if (!(error instanceof ApiError) || error.code !== 'VALIDATION_FAILED') return {};
  const found: Record<string, string> = {};
  for (const detail of error.details) {
    const top = String(detail.path ?? '').split('.')[0];
    const field = rename[top] ?? top;
    const key = fields.includes(field) ? field : '';
    const text = fieldSentence(key || top, detail.message);
    if (found[key]?.split('；').includes(text)) continue;
    found[key] = found[key] ? `${found[key]}；${text}` : text;
  }
  return found;
}
