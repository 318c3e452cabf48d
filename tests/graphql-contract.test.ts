/**
 * The shapes GraphQL declares for requests and answers that `@bodega/contracts` does not hold
 * (services/gateway/src/graphql/shapes.ts) against the OpenAPI document the services generate from
 * their route schemas: same fields, same required ones. A field renamed, added or dropped in a service
 * fails here instead of drifting away from the GraphQL schema. The document is generated from code,
 * the same in both modes, so the embedded platform is enough.
 */
import type { TObject } from '@sinclair/typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as shapes from '../services/gateway/src/graphql/shapes.js';
import { platformModes, type Json, type Platform } from './support/platform.js';

/** Follows `$ref`s into the document's components. */
function resolve(document: Json, value: Json): Json {
  if (typeof value.$ref !== 'string') return value;
  const [, section, name] = /^#\/components\/([^/]+)\/([^/]+)$/.exec(value.$ref) ?? [];
  return resolve(document, (document.components as Json)[section!][name!] as Json);
}

/** The object member of a schema that may be `object | null` (bodies that may be left out). */
function objectOf(document: Json, schema: Json): Json {
  const resolved = resolve(document, schema);
  const members = (resolved.anyOf ?? resolved.oneOf) as Json[] | undefined;
  if (!members) return resolved;
  return objectOf(
    document,
    members.find((member) => resolve(document, member).type === 'object')!,
  );
}

interface Fields {
  names: string[];
  required: string[];
}

const fieldsOfShape = (shape: TObject): Fields => ({
  names: Object.keys(shape.properties).sort(),
  required: [...(shape.required ?? [])].sort(),
});

const fieldsOfSchema = (schema: Json): Fields => ({
  names: Object.keys(schema.properties as Json).sort(),
  required: [...((schema.required ?? []) as string[])].sort(),
});

describe.each(platformModes().slice(0, 1))(
  'GraphQL shapes against the OpenAPI document (%s)',
  (_mode, start) => {
    let platform: Platform;
    let document: Json;
    beforeAll(async () => {
      platform = await start();
      document = (await (await fetch(`${platform.url}/api/docs/openapi.json`)).json()) as Json;
    }, 120_000);
    afterAll(async () => {
      await platform.close();
    });

    const operation = (method: string, path: string): Json => {
      const found = (document.paths as Json)[path]?.[method] as Json | undefined;
      if (!found) throw new Error(`no ${method.toUpperCase()} ${path} in the document`);
      return found;
    };
    const body = (method: string, path: string) =>
      fieldsOfSchema(
        objectOf(document, operation(method, path).requestBody.content['application/json'].schema),
      );
    const answer = (method: string, path: string, status: string) =>
      fieldsOfSchema(
        objectOf(document, operation(method, path).responses[status].content['application/json'].schema),
      );
    /** Query parameters, but those GraphQL leaves out on purpose. */
    const query = (path: string, leftOut: string[] = []): Fields => {
      const parameters = (operation('get', path).parameters as Json[])
        .map((parameter) => resolve(document, parameter))
        .filter((parameter) => parameter.in === 'query' && !leftOut.includes(parameter.name as string));
      return {
        names: parameters.map((parameter) => parameter.name as string).sort(),
        // A parameter with a default is not required of clients, and GraphQL gives the same default.
        required: parameters
          .filter((parameter) => parameter.required && parameter.schema?.default === undefined)
          .map((parameter) => parameter.name as string)
          .sort(),
      };
    };
    const withoutDefaults = (shape: TObject): Fields => ({
      ...fieldsOfShape(shape),
      required: fieldsOfShape(shape).required.filter((name) => shape.properties[name]?.default === undefined),
    });

    it('has the request bodies of the services', () => {
      expect(fieldsOfShape(shapes.RegisterInput)).toEqual(body('post', '/api/v1/auth/register'));
      expect(fieldsOfShape(shapes.LoginInput)).toEqual(body('post', '/api/v1/auth/login'));
      expect(fieldsOfShape(shapes.ProductInput)).toEqual(body('post', '/api/v1/products'));
      expect(fieldsOfShape(shapes.ProductPatch)).toEqual(body('patch', '/api/v1/products/{id}'));
      expect(fieldsOfShape(shapes.ReviewInput)).toEqual(body('post', '/api/v1/products/{id}/reviews'));
      expect(fieldsOfShape(shapes.ReviewPatch)).toEqual(body('patch', '/api/v1/reviews/{id}'));
      expect(fieldsOfShape(shapes.CartItemInput)).toEqual(body('post', '/api/v1/cart/items'));
      expect(fieldsOfShape(shapes.QuoteInput)).toEqual(body('post', '/api/v1/pricing/quote'));
      expect(fieldsOfShape(shapes.CheckoutInput)).toEqual(body('post', '/api/v1/checkout'));
      expect(fieldsOfShape(shapes.PlaceOrderInput)).toEqual(body('post', '/api/v1/orders'));
      expect(fieldsOfShape(shapes.RefundInput)).toEqual(body('post', '/api/v1/payments/{id}/refund'));
    });

    it('has the answers of the services', () => {
      expect(fieldsOfShape(shapes.User)).toEqual(answer('get', '/api/v1/me', '200'));
      expect(fieldsOfShape(shapes.Session)).toEqual(answer('post', '/api/v1/auth/login', '200'));
      expect(fieldsOfShape(shapes.Recommendations)).toEqual(answer('get', '/api/v1/recommendations', '200'));
    });

    it('has the query parameters of the lists', () => {
      // `ids` is catalog's batch read, which GraphQL uses behind `product` fields rather than exposing.
      expect(withoutDefaults(shapes.ListProductsArgs)).toEqual(query('/api/v1/products', ['ids']));
      expect(withoutDefaults(shapes.ListReviewsArgs)).toEqual(query('/api/v1/products/{id}/reviews'));
      expect(withoutDefaults(shapes.SearchArgs)).toEqual(query('/api/v1/search'));
      expect(withoutDefaults(shapes.RecommendationArgs)).toEqual(query('/api/v1/recommendations'));
      expect(withoutDefaults(shapes.ListOrdersArgs)).toEqual(query('/api/v1/orders'));
      expect(withoutDefaults(shapes.ListPaymentsArgs)).toEqual(query('/api/v1/payments'));
      expect(withoutDefaults(shapes.ListUsersArgs)).toEqual(query('/api/v1/users'));
    });
  },
);
