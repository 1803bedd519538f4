import { API_ROUTES } from '../api.js';

/**
 * The source of `endpoints.ts`: each route's method, path and auth from `API_ROUTES`, without its
 * zod schemas, which the caller needs only as types (they would add about 470 KB to the
 * mini-program, whose main package must stay under 600 KB).
 */
export function renderEndpointTable(): string {
  const rows = Object.entries(API_ROUTES).map(
    ([name, route]) => `  ${name}: { method: '${route.method}', path: '${route.path}', auth: ${route.auth === false ? 'false' : `'${route.auth}'`} },`,
  );
  return [
    '// Generated from API_ROUTES by `npm run generate:endpoints`; edit shared/src/api.ts instead.',
    "import type { API_ROUTES } from '../api.js';",
    '',
    'type Routes = typeof API_ROUTES;',
    '',
    '/** What the caller needs of each contract route at run time; the type checker holds it to `API_ROUTES`. */',
    "type EndpointTable = { [K in keyof Routes]: Pick<Routes[K], 'method' | 'path' | 'auth'> };",
    '',
    'export const API_ENDPOINTS = {',
    ...rows,
    '} as const satisfies EndpointTable;',
    '',
  ].join('\n');
}
