/**
 * A client of the gateway that sends what an attacker sends: any body as given (JSON, raw text, a
 * content type of its choosing) and answers whatever came back, JSON or not, without throwing.
 */
import { expect } from 'vitest';
import { standardError } from '@bodega/testing';

// Response bodies are read loosely: each test asserts the fields it cares about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = Record<string, any>;

export interface Request {
  method: string;
  /** Path and query, already encoded as they go on the wire. */
  path: string;
  /** An object is sent as JSON; a string or bytes are sent as they are (with `contentType`, default JSON). */
  body?: unknown;
  contentType?: string | undefined;
  token?: string | undefined;
  headers?: Record<string, string>;
  /** Gives up on the request (a hang guard). */
  signal?: AbortSignal;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Bytes of the body as received (after any content decoding fetch does). */
  bytes: number;
  /** The body parsed as JSON, or `{}` when it is empty or not JSON. */
  body: Json;
}

/** A client of the gateway at `url()` (read at each call: the platform starts in a hook). */
export function gatewayClient(url: () => string) {
  return async function send(request: Request): Promise<Answer> {
    const { method, path, body, token, headers = {}, signal } = request;
    const raw =
      body === undefined || typeof body === 'string' || body instanceof Uint8Array
        ? body
        : JSON.stringify(body);
    const contentType = request.contentType ?? (raw === undefined ? undefined : 'application/json');
    const response = await fetch(`${url()}${path}`, {
      method,
      headers: {
        ...(contentType === undefined ? {} : { 'content-type': contentType }),
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        ...headers,
      },
      ...(raw === undefined ? {} : { body: raw }),
      ...(signal === undefined ? {} : { signal }),
    });
    const received = Buffer.from(await response.arrayBuffer());
    const text = received.toString('utf8');
    return {
      status: response.status,
      headers: response.headers,
      text,
      bytes: received.length,
      body: parseJson(text),
    };
  };
}

export type Send = ReturnType<typeof gatewayClient>;

function parseJson(text: string): Json {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? value : {};
  } catch {
    return {};
  }
}

/** Shorthands over `send` for the common shapes: `get(path, token)`, `post(path, body, token, headers)`. */
export function verbs(send: Send) {
  const withBody =
    (method: string) => (path: string, body?: unknown, token?: string, headers?: Record<string, string>) =>
      send({ method, path, body, token, ...(headers ? { headers } : {}) });
  return {
    get: (path: string, token?: string, headers?: Record<string, string>) =>
      send({ method: 'GET', path, token, ...(headers ? { headers } : {}) }),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    del: (path: string, token?: string) => send({ method: 'DELETE', path, token }),
  };
}

/**
 * Asserts the standard error body (ARCHITECTURE "Errors") with this status and, when given, this
 * code; its request id is the one in the header. Returns the error.
 */
export function expectStandardError(answer: Answer, status: number, code?: string): Json {
  expect(answer.status, answer.text).toBe(status);
  expectErrorBody(answer, code);
  return answer.body.error as Json;
}

/** Asserts that a non-2xx answer carries the standard error body, whatever its status. */
export function expectErrorBody(answer: Answer, code?: string): void {
  expect(answer.headers.get('content-type') ?? '', answer.text).toMatch(/^application\/json/);
  expect(answer.body, answer.text).toEqual(standardError(code ?? (expect.any(String) as string)));
  if (answer.headers.get('idempotent-replayed') === null)
    expect(answer.body.error.request_id).toBe(answer.headers.get('x-request-id'));
}
