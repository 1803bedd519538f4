import { z } from 'zod';
import { API_ROUTES, type ApiRoute } from './api.js';
import { ERROR_STATUS, type ErrorCode } from './errors.js';
import { ErrorResponse, IDEMPOTENCY_KEY_PATTERN } from './schemas/common.js';

const COMMON_ERRORS: ErrorCode[] = ['VALIDATION_FAILED', 'INTERNAL'];
const AUTH_ERRORS: ErrorCode[] = ['AUTH_REQUIRED', 'AUTH_INVALID'];

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): Record<string, unknown> {
  return z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' }) as Record<string, unknown>;
}

function queryParameters(schema: z.ZodType): unknown[] {
  const json = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }));
}

function errorResponses(route: ApiRoute): Record<string, unknown> {
  const codes = [...COMMON_ERRORS, ...(route.auth ? [...AUTH_ERRORS, ...(route.auth === 'user' ? [] : (['FORBIDDEN'] as ErrorCode[]))] : []), ...(route.errors ?? [])];
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const errorSchema = jsonSchema(ErrorResponse, 'output');
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [
      String(status),
      { description: list.join(', '), content: { 'application/json': { schema: errorSchema } } },
    ]),
  );
}

function multipartBody(file: { field: string; description: string }): Record<string, unknown> {
  const schema = { type: 'object', required: [file.field], properties: { [file.field]: { type: 'string', contentMediaType: 'application/octet-stream', description: file.description } } };
  return { required: true, content: { 'multipart/form-data': { schema } } };
}

/** The OpenAPI 3.1 document of `/api/v1`, generated from the same schemas that validate requests. */
export function buildOpenApiDocument(info: { version: string; serverUrl?: string }): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, route] of Object.entries(API_ROUTES) as [string, ApiRoute][]) {
    const path = route.path.replace(/:(\w+)/g, '{$1}');
    const operation: Record<string, unknown> = {
      operationId,
      summary: route.summary,
      tags: [route.tag],
      ...(route.auth ? { security: [{ bearer: [] }] } : {}),
      ...(route.query || route.headers
        ? {
            parameters: [
              ...(route.query ? queryParameters(route.query) : []),
              ...(route.headers ?? []).map((header) => ({
                name: header.name,
                in: 'header',
                required: true,
                description: header.description,
                schema: { type: 'string', minLength: 8, maxLength: 128, pattern: IDEMPOTENCY_KEY_PATTERN },
              })),
            ],
          }
        : {}),
      ...(route.body
        ? { requestBody: { required: !route.body.safeParse(undefined).success, content: { 'application/json': { schema: jsonSchema(route.body, 'input') } } } }
        : {}),
      ...(route.file ? { requestBody: multipartBody(route.file) } : {}),
      responses: {
        [String(route.status ?? 200)]: {
          description: 'OK',
          content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
        },
        ...errorResponses(route),
      },
    };
    paths[path] = { ...paths[path], [route.method]: operation };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Calorie Bank API', version: info.version },
    servers: [{ url: info.serverUrl ?? '/api/v1' }],
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    paths,
  };
}
