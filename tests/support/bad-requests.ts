import fc from 'fast-check';
import { z } from 'zod';
import type { ApiRoute } from '@calorie-bank/shared';

/** A request as the adversary sends it: the body as raw text, so that it can be anything. */
export interface BadRequest {
  path: string;
  query: [string, string][];
  body?: string;
  headers: Record<string, string>;
}

const extremeDates = ['0001-01-01', '9999-12-31', '0000-00-00', '+275760-09-13', '1970-01-01', '2099-12-31', '2100-01-01', '1999-12-31', '2026-02-30'];
const extremeNumbers = ['-1', '0', '1e309', 'NaN', 'Infinity', '-Infinity', '9007199254740993', '9223372036854775808', '1.5', '0x10', ' 7 ', '１２'];
const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'];

/** Strings that have broken parsers and databases: huge, unicode, long digit runs (cursors, ids), dates and numbers out of range. */
export const badString: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(...extremeDates, ...extremeNumbers, ...prototypeKeys, '', ' ', '\u0000', '%', '%E0%A4%A', '../../etc/passwd', "' OR 1=1 --", '😀'.repeat(40)),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.stringMatching(/^[1-9]\d{15,60}$/),
  fc.integer({ min: 1_000, max: 60_000 }).map((n) => 'x'.repeat(n)),
);

/** Any JSON value, leaning towards the shapes that hurt: wrong types, huge numbers, unicode, prototype keys. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  badString,
  fc.constantFrom(null, true, false, 0, -1, 1.5, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 2 ** 63, [], {}),
  fc.jsonValue({ maxDepth: 3 }),
  fc.dictionary(fc.constantFrom(...prototypeKeys, 'a', 'id'), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

/** Values at the very edge of what the schemas accept, so that they pass validation and reach the services and the database. */
export const edgeValue: fc.Arbitrary<string | number> = fc.constantFrom(
  '2000-01-01', '2099-12-31', '2000-01-01T00:00:00Z', '2099-12-31T23:59:59.999Z', '0', '1', '999999999999999', '9223372036854775807',
  'global', 'community:9223372036854775807', 'campaign:1', '1000', '100', 1, 100, 10_000, 100_000, 1_000_000, 100_000_000, -1_000_000,
);

function nested(depth: number, open: string, close: string, leaf = '1'): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

/** Raw bodies: mutations of a valid one, any JSON, deep nesting, prototype pollution, not JSON at all. */
export function badBody(valid: Record<string, unknown>): fc.Arbitrary<string | undefined> {
  const keys = Object.keys(valid);
  const mutated = fc
    .record({
      key: keys.length > 0 ? fc.constantFrom(...keys, ...keys, ...prototypeKeys) : fc.constantFrom(...prototypeKeys),
      value: fc.oneof(badValue, edgeValue),
    })
    .map(({ key, value }) => JSON.stringify({ ...valid, [key]: value }));
  return fc.oneof(
    { weight: 4, arbitrary: mutated },
    { weight: 2, arbitrary: badValue.map((value) => JSON.stringify(value)) },
    { weight: 1, arbitrary: fc.integer({ min: 33, max: 20_000 }).map((depth) => nested(depth, '{"a":', '}')) },
    { weight: 1, arbitrary: fc.integer({ min: 33, max: 30_000 }).map((depth) => nested(depth, '[', ']')) },
    { weight: 1, arbitrary: fc.constant(JSON.stringify(valid).replace(/^\{/, '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},')) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'null', '{', '{"a":1}{"b":2}', '\uFEFF{}', 'a=1&b=2') },
  );
}

/** Query parameter names a schema knows (so that bad values reach its fields) plus some it does not. */
export function queryNames(schema: z.ZodType | undefined): string[] {
  if (!schema) return ['cursor', 'limit', 'date'];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, unknown> };
  return [...Object.keys(json.properties ?? {}), '__proto__', 'extra'];
}

/** Bad requests for one contract route: bad ids in the path, bad query values, bad bodies and headers. */
export function badRequests(route: ApiRoute, validIds: string[], validBody: Record<string, unknown>): fc.Arbitrary<BadRequest> {
  const names = queryNames(route.query);
  const pathId = fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...validIds) }, { weight: 3, arbitrary: badString });
  return fc.record({
    path: fc.array(pathId, { minLength: 4, maxLength: 4 }).map((ids) => {
      let index = 0;
      return route.path.replace(/:\w+/g, () => encodeURIComponent(ids[index++]));
    }),
    query: fc.array(fc.tuple(fc.constantFrom(...names), fc.oneof(badString.map((value) => value.slice(0, 2_000)), edgeValue.map(String))), { maxLength: 3 }),
    body: route.method === 'get' ? fc.constant(undefined) : badBody(validBody),
    headers: fc.record({ 'idempotency-key': fc.oneof(fc.uuid(), badString.map((value) => value.replace(/[^\x20-\x7e]/g, '').slice(0, 500))) }),
  });
}
