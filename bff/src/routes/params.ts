import type { Context } from 'koa';
import { IDEMPOTENCY_KEY_PATTERN, isId } from '@calorie-bank/shared';
import { validationFailed } from '../errors.js';

/** The path parameter `name` (`:id` unless told) as a decimal id within BIGINT. */
export function idParam(ctx: Context, name = 'id'): string {
  const id = (ctx as Context & { params?: Record<string, string> }).params?.[name] ?? '';
  if (!isId(id)) throw validationFailed(`The ${name} in the path must be a positive decimal id`, name);
  return id;
}

const IDEMPOTENCY_KEY = new RegExp(IDEMPOTENCY_KEY_PATTERN);

/** The `Idempotency-Key` header: 8 to 128 letters, digits or `_ . : -` (a UUID fits). */
export function idempotencyKey(ctx: Context): string {
  const key = ctx.get('idempotency-key');
  if (!IDEMPOTENCY_KEY.test(key)) throw validationFailed('Send an Idempotency-Key header of 8 to 128 letters, digits or _ . : - (a UUID fits)', 'Idempotency-Key');
  return key;
}
