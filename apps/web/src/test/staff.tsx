/**
 * The admin pages' component tests: renderPage's stand-in gateway (see render.tsx), signed in as a
 * manager or an admin instead of a customer (the session's role decides what those pages offer).
 */
import { cleanup, render, type RenderResult } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { createMemoryRouter, RouterProvider } from 'react-router-dom';
import { afterEach } from 'vitest';
import { createWebClient } from '../api/client';
import { createQueryClient, Providers } from '../app';
import { errorBody, session, type Call, type Handler } from './render';

afterEach(() => {
  cleanup();
});

export type StaffRole = 'manager' | 'admin';

/** The signed-in staff member of these tests. */
export const staff = (role: StaffRole) => ({
  ...session.user,
  id: '0190a6f4-8b2d-7c4e-a1f0-00000000a0a0',
  email: `${role}@example.com`,
  name: role === 'admin' ? 'Grace' : 'Margaret',
  role,
});

/** Renders `element` at `path` signed in as `role`, the API answered by `handler`. */
export function renderAsStaff(
  element: ReactElement,
  { role, path = '/', handler }: { role: StaffRole; path?: string; handler: Handler },
): RenderResult & { calls: Call[]; user: ReturnType<typeof userEvent.setup> } {
  const calls: Call[] = [];
  const client = createWebClient({
    baseUrl: 'http://shop.test',
    storage: { getItem: () => null, setItem: () => undefined, removeItem: () => undefined },
    csrfToken: () => 'csrf',
    fetch: async (request) => {
      const url = new URL(request.url);
      const text = await request.text();
      const call = {
        method: request.method,
        path: url.pathname + url.search,
        headers: request.headers,
        body: text ? (JSON.parse(text) as unknown) : undefined,
      };
      calls.push(call);
      if (call.path === '/api/v1/auth/refresh') return json(200, { ...session, user: staff(role) });
      const answer = (await handler(call)) ?? {
        status: 404,
        body: errorBody('NOT_FOUND', `No route ${call.method} ${call.path}`),
      };
      return json(answer.status, answer.body);
    },
  });
  const router = createMemoryRouter([{ path: '*', element }], { initialEntries: [path] });
  const result = render(
    <Providers client={client} queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </Providers>,
  );
  return Object.assign(result, { calls, user: userEvent.setup({ delay: null }) });
}

function json(status: number, body: unknown): Response {
  return new Response(status === 204 ? null : JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}
