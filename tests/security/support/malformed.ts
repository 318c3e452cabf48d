/**
 * fast-check arbitraries of requests to one operation of the OpenAPI document, mostly malformed: values
 * of the wrong type, required fields left out, properties the schema does not have, huge strings,
 * unusual unicode, negative and huge numbers, bad UUIDs and cursors, broken JSON and content types.
 * Some are valid: a fuzzer that only sends garbage never gets past the first validation.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { bodySchemaOf, parametersOf, type Operation } from './document.js';
import type { Json } from './http.js';

/** Where a generated request goes, and what it carries (already encoded for the wire). */
export interface FuzzedRequest {
  method: string;
  path: string;
  /** JSON text, or bytes when it goes in an encoding other than UTF-8 (see `jsonEncodings`). */
  body?: string | Uint8Array;
  contentType?: string;
  headers: Record<string, string>;
}

const huge = 'x'.repeat(20_000);
const strangeStrings = [
  '',
  ' ',
  huge,
  '\u0000',
  'null',
  'undefined',
  '-1',
  '1e309',
  'NaN',
  "' OR '1'='1",
  '../../etc/passwd',
  '%00',
  '\u202e\u0644\u0627', // right-to-left override, Arabic
  'Z\u0351\u0358\u0359a\u0360\u0361lgo',
  '\ud83d\ude00'.repeat(100),
  '\ud800', // a lone surrogate
  '\uffff\ufffe',
  '<script>alert(1)</script>',
  '{"$gt":""}',
];
const strangeNumbers = [-1, -0, 0, 1.5, -1e9, 2 ** 31, 2 ** 53 + 1, 1e21, 1e308, -1e308, Number.MIN_VALUE];
const badUuids = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  `${randomUUID()}x`,
  randomUUID().replace(/-/g, ''),
  `{${randomUUID()}}`,
  randomUUID().toUpperCase(),
];
const cursorKinds = ['p1', 'r1', 'o1', 'pay1', 'u1', 's1', ''];

/**
 * Integers just past the columns they would land in (int4, int8) and far past them, written as plain
 * decimals: a JavaScript number would print 2^63 as 9223372036854776000 and round 10^20 to 1e+20.
 */
export const bigIntegers = [
  '2147483648',
  '-2147483649',
  '9223372036854775808',
  '-9223372036854775809',
  '100000000000000000000',
];

// A number JSON must carry as written: a marked string until `toJson` unquotes it. U+E000 (private use)
// is never escaped by JSON.stringify and never produced by the generators below in this shape.
const rawMark = '\ue000';
const rawPattern = new RegExp(`"${rawMark}(-?\\d+)${rawMark}"`, 'g');

/** A number that goes into JSON (and query strings) digit for digit, however big. */
export function rawNumber(digits: string): string {
  return `${rawMark}${digits}${rawMark}`;
}

/** JSON text of any value; `undefined` (which JSON.stringify answers with undefined) as null. */
export function toJson(value: unknown): string {
  return JSON.stringify(value === undefined ? null : value).replace(rawPattern, '$1');
}

/** A value as it goes into a URL: strings as they are (raw numbers unmarked), the rest as JSON. */
function urlText(value: unknown): string {
  return typeof value === 'string' ? value.replace(new RegExp(rawMark, 'g'), '') : toJson(value);
}

/** Cursors this API never returned: random base64url, wrong kinds, keys that are not ids. */
const badCursor: fc.Arbitrary<string> = fc.oneof(
  fc.base64String({ maxLength: 60 }),
  fc
    .tuple(
      fc.constantFrom(...cursorKinds),
      fc.oneof(fc.uuid(), fc.constantFrom(...badUuids, ...strangeStrings)),
    )
    .map(([kind, key]) => Buffer.from(`${kind}:${key}`).toString('base64url')),
  fc.json().map((json) => Buffer.from(json).toString('base64url')),
);

/** Any text, including control characters, astral symbols and lone surrogates. */
const anyText = fc.string({ unit: 'binary', maxLength: 80 });

/** Values of every JSON type, and the strange ones of each. */
const anyJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, [], {}, ...strangeNumbers, ...strangeStrings),
  anyText,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** A value the schema accepts (as far as a generator can tell: patterns and formats are followed). */
export function validValue(schema: Json): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.anyOf)) return fc.oneof(...(schema.anyOf as Json[]).map(validValue));
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  if ('const' in schema) return fc.constant(schema.const);
  switch (schema.type) {
    case 'string':
      if (schema.format === 'uuid') return fc.uuid();
      if (schema.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((date) => date.toISOString());
      // Short ones half the time, so that length limits (a slug has 120 at most) are met too.
      if (typeof schema.pattern === 'string') {
        const pattern = new RegExp(schema.pattern);
        return fc.oneof(fc.stringMatching(pattern, { size: 'xsmall' }), fc.stringMatching(pattern));
      }
      return fc.string({
        minLength: (schema.minLength as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxLength as number | undefined) ?? 30, 30),
      });
    case 'integer':
      return fc.integer({
        min: (schema.minimum as number | undefined) ?? -1_000_000,
        max: (schema.maximum as number | undefined) ?? 1_000_000,
      });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(validValue((schema.items as Json | undefined) ?? {}), {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, 3),
      });
    case 'object': {
      const properties = (schema.properties ?? {}) as Record<string, Json>;
      const required = (schema.required ?? []) as string[];
      if (Object.keys(properties).length === 0) return fc.constant({});
      return fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [name, validValue(property)]),
        ),
        { requiredKeys: required.filter((name) => name in properties) },
      );
    }
    default:
      return anyJsonValue;
  }
}

/** A value the schema refuses, or very probably does: of another type, out of range, broken inside. */
export function malformedValue(schema: Json): fc.Arbitrary<unknown> {
  const variants: fc.Arbitrary<unknown>[] = [anyJsonValue];
  if (schema.type === 'string' || schema.format === 'uuid')
    variants.push(fc.constantFrom(...badUuids, ...strangeStrings), anyText);
  if (schema.type === 'integer' || schema.type === 'number')
    variants.push(
      fc.constantFrom(...strangeNumbers),
      fc.constantFrom('1', 'one', '0x10'),
      fc.constantFrom(...bigIntegers.map(rawNumber)),
    );
  if (schema.type === 'array' && schema.items)
    variants.push(
      fc.array(malformedValue(schema.items as Json), { minLength: 1, maxLength: 3 }),
      fc.constant(Array.from({ length: 1_000 }, () => 1)),
    );
  if (schema.type === 'object' && schema.properties) {
    const properties = schema.properties as Record<string, Json>;
    const names = Object.keys(properties);
    const valid = validValue(schema) as fc.Arbitrary<Json>;
    const texts = names.filter((name) => properties[name]!.type === 'string');
    // A valid body whose text holds U+0000, which PostgreSQL cannot store.
    if (texts.length > 0) {
      const withNul = fc
        .tuple(valid, fc.constantFrom(...texts))
        .map(([value, name]) => ({ ...value, [name]: `${String(value[name] ?? '')}\u0000` }));
      variants.push(withNul, withNul);
    }
    // One property broken, one required property left out, one property the schema does not have.
    variants.push(
      fc
        .tuple(valid, fc.constantFrom(...names))
        .chain(([value, name]) =>
          malformedValue(properties[name]!).map((bad) => ({ ...value, [name]: bad })),
        ),
      fc.tuple(valid, fc.constantFrom(...names)).map(([value, name]) => {
        const { [name]: _left, ...rest } = value;
        return rest;
      }),
      fc
        .tuple(fc.constantFrom('role', 'is_admin', '__proto__', 'constructor', 'id', 'x'), anyJsonValue)
        // Parsed, not assigned: `__proto__` then is an own property, as in a body a client sends.
        .map(([name, extra]) => JSON.parse(`{${JSON.stringify(name)}:${toJson(extra)}}`) as Json)
        .chain((extra) => valid.map((value) => ({ ...value, ...extra }))),
    );
  }
  return fc.oneof(...variants);
}

/** A body the JSON parser or the content-type check must refuse. */
const brokenBody = fc.oneof(
  fc.constantFrom(
    '{',
    '{"a":',
    '{"a":1,}',
    "{'a':1}",
    '[1,2',
    'nul',
    '\u0000',
    '{"__proto__":{"role":"admin"}}',
    '{"constructor":{"prototype":{"role":"admin"}}}',
    `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    `{"a":"${huge}"}`,
  ),
  anyText,
);

/** UTF-32 code units, each of four bytes: one per code point (a lone surrogate is one too). */
function utf32(text: string, littleEndian: boolean): Uint8Array {
  const points: number[] = [];
  for (let index = 0; index < text.length; index++) {
    const point = text.codePointAt(index)!;
    points.push(point);
    if (point > 0xffff) index++;
  }
  const bytes = new DataView(new ArrayBuffer(points.length * 4));
  points.forEach((point, index) => {
    bytes.setUint32(index * 4, point, littleEndian);
  });
  return new Uint8Array(bytes.buffer);
}

/** UTF-16 code units, lone surrogates included (Buffer's utf16le writes them as they are). */
function utf16(text: string, littleEndian: boolean): Uint8Array {
  const bytes = Buffer.from(text, 'utf16le');
  return littleEndian ? bytes : bytes.swap16();
}

/**
 * Every encoding JSON text has been allowed in (RFC 4627 and 7159: UTF-8, UTF-16 and UTF-32 in either
 * byte order; RFC 8259 keeps UTF-8 alone between systems), each also behind a byte order mark, which
 * RFC 8259 says a parser may ignore: a UTF-8 BOM is what Windows tools put in front of a file.
 */
export const jsonEncodings: { name: string; charset: string; encode(text: string): Uint8Array }[] = [
  { name: 'UTF-8 with BOM', charset: 'utf-8', encode: (text) => Buffer.from(`\ufeff${text}`, 'utf8') },
  ...(['le', 'be'] as const).flatMap((order) =>
    [false, true].flatMap((bom) => {
      const little = order === 'le';
      const prefix = bom ? '\ufeff' : '';
      const suffix = bom ? ' with BOM' : '';
      return [
        {
          name: `UTF-16${order.toUpperCase()}${suffix}`,
          charset: 'utf-16',
          encode: (text: string) => utf16(`${prefix}${text}`, little),
        },
        {
          name: `UTF-32${order.toUpperCase()}${suffix}`,
          charset: 'utf-32',
          encode: (text: string) => utf32(`${prefix}${text}`, little),
        },
      ];
    }),
  ),
];

const contentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/json; charset=utf-16',
  'application/json-patch+json',
  'image/png',
  '',
];

/** Header values fetch can send (bytes 0x20 to 0xff), including none at all. */
const headerValue = fc.oneof(
  fc.constantFrom('', ' ', huge.slice(0, 4_000), randomUUID(), ...badUuids),
  fc.string({
    unit: fc
      .integer({ min: 0x20, max: 0xff })
      .filter((code) => code !== 0x7f)
      .map((code) => String.fromCharCode(code)),
    maxLength: 300,
  }),
);
const fuzzedHeaders = [
  'idempotency-key',
  'x-cart-token',
  'x-session-id',
  'x-request-id',
  'x-bodega-client',
  'x-csrf-token',
  'cookie',
];

/** A path segment percent-encoded as UTF-8; a lone surrogate goes as U+FFFD (encodeURIComponent throws). */
function encodeSegment(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9_.~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
}

/** A parameter value as it goes into a URL: valid, malformed or a bad cursor. */
function parameterValue(schema: Json, name: string): fc.Arbitrary<string> {
  const values = [
    validValue(schema).map(urlText),
    malformedValue(schema).map(urlText),
    fc.constantFrom(...strangeStrings),
  ];
  if (name === 'cursor') values.push(badCursor);
  return fc.oneof(...values);
}

/** Requests to `operation`, mostly malformed. */
export function fuzzedRequests(document: Json, operation: Operation): fc.Arbitrary<FuzzedRequest> {
  const parameters = parametersOf(document, operation);
  const pathParameters = parameters.filter((parameter) => parameter.in === 'path');
  const queryParameters = parameters.filter((parameter) => parameter.in === 'query');
  const bodySchema = bodySchemaOf(document, operation);
  const takesBody = operation.method !== 'GET' && operation.method !== 'DELETE';

  const path = fc
    .tuple(
      ...pathParameters.map((parameter) =>
        parameterValue((parameter.schema ?? {}) as Json, parameter.name as string),
      ),
    )
    .map((values) =>
      pathParameters.reduce(
        (template, parameter, index) =>
          template.replace(`{${parameter.name as string}}`, encodeSegment(values[index]!) || '%20'),
        operation.path,
      ),
    );

  const query = fc
    .tuple(
      ...queryParameters.map((parameter) =>
        fc.option(parameterValue((parameter.schema ?? {}) as Json, parameter.name as string), {
          nil: undefined,
        }),
      ),
      fc.option(fc.tuple(fc.constantFrom('x', 'admin', 'limit', '__proto__[role]'), anyText), {
        nil: undefined,
      }),
    )
    .map((values) => {
      const pairs: [string, string][] = [];
      queryParameters.forEach((parameter, index) => {
        const value = values[index] as string | undefined;
        if (value !== undefined) pairs.push([parameter.name as string, value]);
      });
      const extra = values.at(-1) as [string, string] | undefined;
      if (extra) pairs.push(extra);
      return new URLSearchParams(pairs).toString();
    });

  const body: fc.Arbitrary<{ body?: string | Uint8Array; contentType?: string }> = !takesBody
    ? fc.constant({})
    : // Mostly JSON that is nearly right: what gets past the parser reaches the code behind it.
      fc.oneof(
        { arbitrary: fc.constant({}), weight: 1 },
        {
          arbitrary: (bodySchema ? malformedValue(bodySchema) : anyJsonValue).map((value) => ({
            body: toJson(value),
          })),
          weight: 5,
        },
        {
          arbitrary: (bodySchema ? validValue(bodySchema) : anyJsonValue).map((value) => ({
            body: toJson(value),
          })),
          weight: 2,
        },
        { arbitrary: brokenBody.map((text) => ({ body: text })), weight: 1 },
        {
          arbitrary: fc
            .tuple(bodySchema ? validValue(bodySchema) : anyJsonValue, fc.constantFrom(...contentTypes))
            .map(([value, contentType]) => ({ body: toJson(value), contentType })),
          weight: 1,
        },
        {
          // A body the server should understand, in an encoding it may not expect, charset named or not.
          arbitrary: fc
            .tuple(
              bodySchema ? validValue(bodySchema) : anyJsonValue,
              fc.constantFrom(...jsonEncodings),
              fc.boolean(),
            )
            .map(([value, encoding, named]) => ({
              body: encoding.encode(toJson(value)),
              contentType: named ? `application/json; charset=${encoding.charset}` : 'application/json',
            })),
          weight: 1,
        },
      );

  const headers = fc
    .array(fc.tuple(fc.constantFrom(...fuzzedHeaders), headerValue), { maxLength: 3 })
    .map((pairs) => Object.fromEntries(pairs));

  return fc
    .record({ path, query, body, headers })
    .map(({ path: url, query: search, body: sent, headers: extra }) => ({
      method: operation.method,
      path: search === '' ? url : `${url}?${search}`,
      ...(sent.body === undefined ? {} : { body: sent.body }),
      ...(sent.contentType === undefined ? {} : { contentType: sent.contentType }),
      headers: extra,
    }));
}

/** One value the schema accepts, the same for the same seed. */
function sampleValid(schema: Json, seed: number): unknown {
  return fc.sample(validValue(schema), { seed, numRuns: 1 })[0];
}

type FieldPath = (string | number)[];

/** Where `schema` holds numbers: property names and, for arrays, their first item. */
function numericPaths(schema: Json, at: FieldPath = []): FieldPath[] {
  if (schema.type === 'integer' || schema.type === 'number') return [at];
  if (Array.isArray(schema.anyOf))
    return (schema.anyOf as Json[]).flatMap((branch) => numericPaths(branch, at));
  if (schema.type === 'array' && schema.items) return numericPaths(schema.items as Json, [...at, 0]);
  if (schema.type === 'object' && schema.properties)
    return Object.entries(schema.properties as Record<string, Json>).flatMap(([name, property]) =>
      numericPaths(property, [...at, name]),
    );
  return [];
}

/** The schema one step down `key` (a property, or an array's items). */
function schemaAt(schema: Json, key: string | number): Json {
  if (Array.isArray(schema.anyOf)) {
    const branch = (schema.anyOf as Json[]).find((candidate) =>
      typeof key === 'number' ? candidate.type === 'array' : candidate.type === 'object',
    );
    return branch ? schemaAt(branch, key) : {};
  }
  if (typeof key === 'number') return (schema.items ?? {}) as Json;
  return ((schema.properties ?? {}) as Record<string, Json>)[key] ?? {};
}

/** `value` with `leaf` at `path`, containers it lacks filled with valid values (so only the leaf is wrong). */
function withLeaf(schema: Json, value: unknown, path: FieldPath, leaf: unknown, seed: number): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return leaf;
  const inner = schemaAt(schema, key);
  if (typeof key === 'number') {
    const items =
      Array.isArray(value) && value.length > 0 ? [...(value as unknown[])] : [sampleValid(inner, seed)];
    items[0] = withLeaf(inner, items[0], rest, leaf, seed);
    return items;
  }
  const object =
    typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...(value as Json) } : {};
  object[key] = withLeaf(inner, object[key], rest, leaf, seed);
  return object;
}

/** The operation's path with every parameter given a valid value. */
function validPath(document: Json, operation: Operation, seed: number): string {
  return parametersOf(document, operation)
    .filter((parameter) => parameter.in === 'path')
    .reduce(
      (template, parameter) =>
        template.replace(
          `{${parameter.name as string}}`,
          encodeSegment(urlText(sampleValid((parameter.schema ?? {}) as Json, seed))) || '%20',
        ),
      operation.path,
    );
}

// Checkout and order placement refuse a request without one before reading anything else.
const idempotent = (): Record<string, string> => ({ 'idempotency-key': randomUUID() });

/**
 * Requests to `operation` that are valid but for one number: each of `bigIntegers`, as plain decimals,
 * in each numeric query or path parameter and each numeric field of the body (nested ones included).
 * What validation lets through reaches the database, whose columns hold int4 or int8.
 */
export function bigNumberRequests(document: Json, operation: Operation, seed: number): FuzzedRequest[] {
  const parameters = parametersOf(document, operation).filter((parameter) =>
    numericPaths((parameter.schema ?? {}) as Json).some((path) => path.length === 0),
  );
  const bodySchema = bodySchemaOf(document, operation);
  const takesBody = operation.method !== 'GET' && operation.method !== 'DELETE';
  const base = bodySchema && takesBody ? sampleValid(bodySchema, seed) : undefined;
  const requests: FuzzedRequest[] = [];
  for (const digits of bigIntegers) {
    for (const parameter of parameters) {
      if (parameter.in !== 'path' && parameter.in !== 'query') continue;
      const name = parameter.name as string;
      const path =
        parameter.in === 'path'
          ? validPath(document, { ...operation, path: operation.path.replace(`{${name}}`, digits) }, seed)
          : `${validPath(document, operation, seed)}?${new URLSearchParams({ [name]: digits }).toString()}`;
      requests.push({
        method: operation.method,
        path,
        ...(base === undefined ? {} : { body: toJson(base) }),
        headers: idempotent(),
      });
    }
    if (bodySchema === undefined || !takesBody) continue;
    for (const field of numericPaths(bodySchema)) {
      requests.push({
        method: operation.method,
        path: validPath(document, operation, seed),
        body: toJson(withLeaf(bodySchema, base, field, rawNumber(digits), seed)),
        headers: idempotent(),
      });
    }
  }
  return requests;
}

/** A valid request to `operation` with its body in each of `jsonEncodings`, charset named or not. */
export function encodedBodyRequests(
  document: Json,
  operation: Operation,
  seed: number,
): { encoding: string; request: FuzzedRequest }[] {
  const bodySchema = bodySchemaOf(document, operation);
  if (operation.method === 'GET' || operation.method === 'DELETE') return [];
  const text = toJson(bodySchema ? sampleValid(bodySchema, seed) : {});
  return jsonEncodings.map((encoding, index) => ({
    encoding: encoding.name,
    request: {
      method: operation.method,
      path: validPath(document, operation, seed),
      body: encoding.encode(text),
      // Half of them name their charset, as a careful client would, the other half leave it to the
      // server; which half turns with the seed.
      contentType:
        (index + seed) % 2 === 0 ? `application/json; charset=${encoding.charset}` : 'application/json',
      headers: idempotent(),
    },
  }));
}
