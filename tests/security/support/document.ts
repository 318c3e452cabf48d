/**
 * The public API as the running gateway documents it (/api/docs/openapi.json): the list of operations
 * the security suite walks, so a route added to any service is attacked and reviewed without anyone
 * remembering to add it here.
 */
import type { Json } from './http.js';

const methods = ['get', 'put', 'post', 'delete', 'patch'] as const;

/** `METHOD /api/v1/path/{param}`, the key of the policy table. */
export type OperationKey = `${'GET' | 'PUT' | 'POST' | 'DELETE' | 'PATCH'} /${string}`;

export interface Operation {
  key: OperationKey;
  method: Uppercase<(typeof methods)[number]>;
  /** The path template, e.g. `/api/v1/orders/{id}`. */
  path: string;
  spec: Json;
}

export async function fetchDocument(gatewayUrl: string): Promise<Json> {
  const response = await fetch(`${gatewayUrl}/api/docs/openapi.json`);
  if (response.status !== 200) throw new Error(`the API document answered ${response.status}`);
  return (await response.json()) as Json;
}

/** Every operation of the document. */
export function operationsOf(document: Json): Operation[] {
  return Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
    methods
      .filter((method) => method in item)
      .map((method) => {
        const upper = method.toUpperCase() as Operation['method'];
        return { key: `${upper} ${path}` as OperationKey, method: upper, path, spec: item[method] as Json };
      }),
  );
}

/** Follows a `$ref` into the document's components. */
export function resolve(document: Json, value: Json): Json {
  if (typeof value.$ref !== 'string') return value;
  const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(value.$ref) ?? [];
  const target = (document.components as Json)[section!]?.[name!] as Json | undefined;
  if (target === undefined) throw new Error(`dangling reference ${value.$ref}`);
  return resolve(document, target);
}

/** The operation's parameters, references resolved. */
export function parametersOf(document: Json, operation: Operation): Json[] {
  return ((operation.spec.parameters ?? []) as Json[]).map((parameter) => resolve(document, parameter));
}

/** The JSON schema of the operation's request body, if it takes one. */
export function bodySchemaOf(document: Json, operation: Operation): Json | undefined {
  const body = operation.spec.requestBody as Json | undefined;
  const schema = body?.content?.['application/json']?.schema as Json | undefined;
  return schema === undefined ? undefined : resolve(document, schema);
}
