import type { z } from 'zod';
import type { FieldIssue } from '@calorie-bank/shared';
import { validationFailed } from '../errors.js';

type Issue = z.core.$ZodIssue;

/**
 * zod's issues as the contract's `details`, one per field: an unknown key is named as its own
 * field, and of a union's alternatives only the closest one is reported (the others would only
 * say that the body is not the other platform's).
 */
export function fieldIssues(issues: readonly Issue[], prefix: readonly PropertyKey[] = []): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union' && issue.errors.length > 0) {
      const closest = issue.errors.reduce((best, branch) => (branch.length < best.length ? branch : best));
      return fieldIssues(closest, path);
    }
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key].map(String).join('.'), message: 'is not a field this request takes' }));
    }
    return [{ path: path.map(String).join('.'), message: issue.message }];
  });
}

/** Parses `input` with a contract schema, answering VALIDATION_FAILED with a field path per issue on failure. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown, where: 'body' | 'query' | 'path'): z.output<S> {
  const parsed = schema.safeParse(input ?? (where === 'query' ? {} : undefined));
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error.issues);
    const first = issues[0];
    const summary = first ? `${where}${first.path ? `.${first.path}` : ''}: ${first.message}` : `invalid ${where}`;
    throw validationFailed(`Invalid request ${summary}`, issues);
  }
  return parsed.data;
}
