import type { Context } from 'koa';
import { validationFailed } from '../errors.js';

/** The `:id` path parameter as a decimal id. */
export function idParam(ctx: Context): string {
  const id = (ctx as Context & { params?: Record<string, string> }).params?.id ?? '';
  if (!/^[1-9]\d{0,18}$/.test(id)) throw validationFailed('The id in the path must be a positive decimal number');
  return id;
}

const IDEMPOTENCY_KEY = /^[\w.:-]{8,128}$/;

/** The `Idempotency-Key` header: 8 to 128 letters, digits or `_ . : -` (a UUID fits). */
export function idempotencyKey(ctx: Context): string {
  const key = ctx.get('idempotency-key');
  if (!IDEMPOTENCY_KEY.test(key)) throw validationFailed('Send an Idempotency-Key header of 8 to 128 letters, digits or _ . : - (a UUID fits)');
  return key;
}
