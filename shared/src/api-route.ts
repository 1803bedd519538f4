import type { z } from 'zod';
import type { ErrorCode } from './errors.js';

/**
 * One entry per endpoint of `/api/v1`: the BFF validates with these schemas, the mini-program's
 * client is typed by them, and the OpenAPI document is generated from them.
 */
export interface ApiRoute {
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Path below `/api/v1`, with `:param` placeholders. */
  path: string;
  summary: string;
  tag: string;
  /** Whose bearer token is required: a super-app user's, a merchant's or an operator's; false for none. */
  auth: false | 'user' | 'merchant' | 'operator';
  body?: z.ZodType;
  query?: z.ZodType;
  response: z.ZodType;
  status?: number;
  /** Request headers the endpoint requires besides Authorization. */
  headers?: { name: string; description: string }[];
  /** Error codes this endpoint answers besides the ones every endpoint may answer. */
  errors?: ErrorCode[];
  /** A file upload: the body is multipart/form-data with the file in this field (the typed caller does not send these). */
  file?: { field: string; description: string };
}

/** Declares one entry of the route table, keeping its literal types for the typed caller and the BFF. */
export function route<const R extends ApiRoute>(definition: R): R {
  return definition;
}
