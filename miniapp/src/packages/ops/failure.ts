import { messageFor } from '../../api/client';
import { fieldErrorsOf } from '../../hooks/fieldErrors';
import { hasSentence } from '../../i18n/fieldErrors';

/**
 * What a console form says when the BFF refused it: the code's sentence, then each field's error
 * (named by its field unless the error is already a sentence of its own).
 */
export function refusalText(caught: unknown, fields: string[]): string {
  const details = Object.entries(fieldErrorsOf(caught, fields)).map(([field, text]) => (field && !hasSentence(field) ? `${field}：${text}` : text));
  return [messageFor(caught), ...details].join(' ');
}
