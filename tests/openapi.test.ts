/**
 * The OpenAPI document of the whole public API, as the running platform serves it at /api/docs: valid
 * OpenAPI 3.1, and complete. Every operation the gateway forwards has a schema for its input, a
 * schema for its success, and its errors in the standard body with an example; every line of the
 * gateway's route table leads to documented operations.
 */
import { Validator } from '@seriousme/openapi-schema-validator';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorBody, registerFormats } from '@bodega/contracts';
import { routeTable } from '@bodega/gateway';
import { platformModes, type Json, type Platform } from './support/platform.js';

registerFormats();

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;
const takesBody = new Set(['put', 'post', 'patch']);

interface Operation {
  method: string;
  path: string;
  spec: Json;
}

function operationsOf(document: Json): Operation[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    methods
      .filter((method) => method in item)
      .map((method) => ({ method, path, spec: item[method] as Json })),
  );
}

/** Follows a `$ref` into the document's components. */
function resolve(document: Json, value: Json): Json {
  if (typeof value.$ref !== 'string') return value;
  const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(value.$ref) ?? [];
  const target = (document.components as Json)[section!]?.[name!] as Json | undefined;
  if (target === undefined) throw new Error(`dangling reference ${value.$ref}`);
  return resolve(document, target);
}

/** What is wrong with one operation, in words; empty when it is complete. */
function problemsOf(document: Json, { method, path, spec }: Operation): string[] {
  const problems: string[] = [];
  const parameters = ((spec.parameters ?? []) as Json[]).map((parameter) => resolve(document, parameter));
  if (typeof spec.summary !== 'string' || spec.summary.length === 0) problems.push('no summary');
  for (const [, name] of path.matchAll(/\{([^}]+)\}/g)) {
    if (
      !parameters.some((parameter) => parameter.in === 'path' && parameter.name === name && parameter.schema)
    )
      problems.push(`no schema for path parameter ${name!}`);
  }
  const body = spec.requestBody as Json | undefined;
  if (takesBody.has(method) && !body?.content?.['application/json']?.schema)
    problems.push('no request body schema');
  const responses = Object.entries(spec.responses as Json).map(
    ([status, response]) => [status, resolve(document, response as Json)] as const,
  );
  const successes = responses.filter(([status]) => /^2\d\d$/.test(status));
  if (successes.length === 0) problems.push('no 2xx response');
  for (const [status, response] of successes) {
    if (status !== '204' && !response.content?.['application/json']?.schema)
      problems.push(`no schema for ${status}`);
  }
  const errors = responses.filter(([status]) => /^[45]\d\d$/.test(status));
  if (!errors.some(([status]) => status.startsWith('4'))) problems.push('no 4xx response');
  const takesInput = parameters.length > 0 || body !== undefined;
  if (takesInput && !errors.some(([status]) => status === '400'))
    problems.push('takes input but lists no 400');
  for (const [status, response] of errors) {
    const media = response.content?.['application/json'] as Json | undefined;
    if (!media?.schema) {
      problems.push(`no schema for ${status}`);
      continue;
    }
    if (resolve(document, media.schema as Json) !== document.components.schemas.ErrorBody)
      problems.push(`${status} is not the standard error body`);
    if (!Value.Check(ErrorBody, media.example))
      problems.push(`${status} has no example of the standard error body`);
  }
  return problems;
}

describe.each(platformModes())('the OpenAPI document of the platform in %s mode', (_mode, start) => {
  let platform: Platform;
  let document: Json;
  beforeAll(async () => {
    platform = await start();
    const response = await fetch(`${platform.url}/api/docs/openapi.json`);
    expect(response.status).toBe(200);
    document = (await response.json()) as Json;
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  it('is valid OpenAPI 3.1, with every service in it', async () => {
    expect(await new Validator().validate(document)).toEqual({ valid: true });
    expect(document.openapi).toBe('3.1.0');
    expect(document['x-bodega-missing-services']).toBeUndefined();
    expect(document.tags.map((tag: Json) => tag.name)).toEqual([
      'identity',
      'catalog',
      'search',
      'orders',
      'payments',
      'analytics',
      'gateway',
    ]);
  });

  it('documents every operation the gateway forwards with input and success schemas and exemplified errors', () => {
    const problems = operationsOf(document)
      .filter(({ path }) => path !== '/api/v1/status')
      .flatMap((operation) =>
        problemsOf(document, operation).map(
          (problem) => `${operation.method.toUpperCase()} ${operation.path}: ${problem}`,
        ),
      );
    expect(problems).toEqual([]);
  });

  it('has documented operations behind every line of the route table', () => {
    const operations = operationsOf(document);
    const missing = routeTable.filter((route) => {
      const prefix = route.path.endsWith('/*') ? route.path.slice(0, -1) : undefined;
      const allowed = (route.methods ?? ['GET', 'POST', 'PUT', 'PATCH', 'DELETE']).map((m) =>
        m.toLowerCase(),
      );
      return !operations.some(
        ({ method, path }) =>
          allowed.includes(method) && (prefix === undefined ? path === route.path : path.startsWith(prefix)),
      );
    });
    expect(missing.map((route) => route.path)).toEqual([]);
  });

  it('lists nothing internal and nothing outside the public API', () => {
    const paths = Object.keys(document.paths);
    expect(paths.filter((path) => !path.startsWith('/api/v1/'))).toEqual([]);
    expect(paths.filter((path) => path.includes('internal'))).toEqual([]);
  });

  it('requires the Idempotency-Key header where the services do', () => {
    for (const path of ['/api/v1/orders', '/api/v1/checkout', '/api/v1/payments/{id}/refund']) {
      const parameters = (document.paths[path].post.parameters as Json[]).map((parameter) =>
        resolve(document, parameter),
      );
      expect(parameters, path).toContainEqual(
        expect.objectContaining({ in: 'header', name: 'Idempotency-Key', required: true }),
      );
    }
  });
});
