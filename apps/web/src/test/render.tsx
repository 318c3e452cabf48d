/**
 * Component tests render real pages with the real providers and router; the API is a handler standing
 * in for the gateway (these tests are about the UI: validation, errors on the right field, one submit,
 * the cart's arithmetic on screen). The browser journeys in e2e/ run the same pages against the real
 * platform.
 */
import { cleanup, render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach } from 'vitest';
import { createWebClient } from '../api/client';
import { createQueryClient, Providers } from '../app';

afterEach(() => {
  cleanup();
});

export interface Call {
  method: string;
  path: string;
  headers: Headers;
  body: unknown;
}

/** One answer of the stand-in gateway: a status and a JSON body (an error body for non-2xx). */
export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}
export type Handler = (call: Call) => Answer | undefined | Promise<Answer>;

export function errorBody(code: string, message: string, details: Record<string, unknown> = {}) {
  return { error: { code, message, details, timestamp: new Date().toISOString(), request_id: 'req-test' } };
}

export const user = {
  id: '0190a6f4-8b2d-7c4e-a1f0-5d6e7f8a9b0c',
  email: 'ada@example.com',
  name: 'Ada',
  role: 'customer',
  active: true,
  created_at: '2026-01-15T10:00:00Z',
  updated_at: '2026-01-15T10:00:00Z',
} as const;

export const session = {
  access_token: 'token',
  refresh_token: '',
  token_type: 'Bearer',
  expires_in: 900,
  user,
};

/** Renders `element` at `path` inside the app's providers, the API answered by `handler`. */
export function renderPage(
  element: ReactElement,
  {
    path = '/',
    route = path,
    handler,
    signedIn = false,
    stored = {},
  }: { path?: string; route?: string; handler: Handler; signedIn?: boolean; stored?: Record<string, string> },
): RenderResult & { calls: Call[]; user: ReturnType<typeof userEvent.setup>; storage: Map<string, string> } {
  const calls: Call[] = [];
  const storage = new Map<string, string>(Object.entries(stored));
  const client = createWebClient({
    baseUrl: 'http://shop.test',
    storage: {
      getItem: (key) => storage.get(key) ?? null,
      setItem: (key, value) => storage.set(key, value),
      removeItem: (key) => storage.delete(key),
    },
    csrfToken: () => (signedIn ? 'csrf' : undefined),
    fetch: async (request) => {
      const url = new URL(request.url);
      const text = await request.text();
      const call = {
        method: request.method,
        path: url.pathname + url.search,
        headers: request.headers,
        body: text ? JSON.parse(text) : undefined,
      };
      calls.push(call);
      if (call.path === '/api/v1/auth/refresh') {
        return signedIn
          ? json(200, session)
          : json(401, errorBody('REFRESH_TOKEN_REQUIRED', 'No refresh token'));
      }
      const answer = (await handler(call)) ?? {
        status: 404,
        body: errorBody('NOT_FOUND', `No route ${call.method} ${call.path}`),
      };
      return json(answer.status, answer.body, answer.headers);
    },
  });
  const router = createMemoryRouter(
    [
      { path: route, element },
      { path: '*', element: <p>Elsewhere</p> },
    ],
    { initialEntries: [path] },
  );
  const result = render(
    <Providers client={client} queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return Object.assign(result, { calls, user: userEvent.setup({ delay: null }), storage });
}

function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}
