import { expect } from 'vitest';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { standardError } from './errors.js';

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** A request as a component test writes it: JSON body, optional bearer token, extra headers. */
export interface Call {
  method: Method;
  url: string;
  /** Sent as JSON; a string is sent as it is (malformed bodies). */
  body?: unknown;
  token?: string | undefined;
  headers?: Record<string, string>;
  cookies?: Record<string, string>;
}

/** One request to a service built in the test (`app.inject`), the way a client sends it. */
export function call(
  app: Pick<FastifyInstance, 'inject'>,
  { method, url, body, token, headers = {}, cookies }: Call,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      ...headers,
    },
    ...(cookies === undefined ? {} : { cookies }),
    ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

/** Asserts the standard error body (ARCHITECTURE "Errors") with this status and code; returns it. */
export function expectError(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  const body = response.json<{
    error: { code: string; message: string; details: Record<string, unknown> };
  }>();
  expect(body).toEqual(standardError(code));
  // The id a client quotes to support is the one in the header; a replayed answer (Idempotency-Key)
  // keeps the body, request id included, of the request that first produced it.
  if (response.headers['idempotent-replayed'] === undefined)
    expect((body.error as { request_id?: unknown }).request_id).toBe(response.headers['x-request-id']);
  return body.error;
}
