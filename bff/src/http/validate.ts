import type { z } from 'zod';
import { validationFailed } from '../errors.js';

/** Parses `input` with a contract schema, answering VALIDATION_FAILED with the issues on failure. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query'): z.output<S> {
  const parsed = schema.safeParse(input ?? (where === 'body' ? undefined : {}));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
    const first = issues[0];
    const summary = first ? `${where}${first.path ? `.${first.path}` : ''}: ${first.message}` : `invalid ${where}`;
    throw validationFailed(`Invalid request ${summary}`, issues);
  }
  return parsed.data;
}
