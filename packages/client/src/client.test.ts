import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBodegaClient } from './client.js';
import { ApiError, SessionExpired } from './errors.js';
import type { Session } from './operations.js';

/**
 * A small HTTP server standing in for the gateway, for the answers the real platform gives rarely or
 * never on demand: pages that are not JSON, failing refreshes, answers that arrive after a refresh.
 */
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
let handle: Handler = () => undefined;
const seen: { path: string; authorization: string | undefined }[] = [];
const server = createServer((request, response) => {
  seen.push({ path: request.url ?? '', authorization: request.headers.authorization });
  request.resume();
  request.on('end', () => {
    handle(request, response);
  });
});
let baseUrl = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  seen.length = 0;
});

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json', 'x-request-id': 'req-1' });
  response.end(JSON.stringify(body));
}
function failure(response: ServerResponse, status: number, code: string) {
  json(response, status, {
    error: { code, message: code, details: {}, timestamp: '2026-01-15T10:00:00Z', request_id: 'req-1' },
  });
}

const user = {
  id: 'u1',
  email: 'a@example.com',
  name: null,
  role: 'customer',
  active: true,
  created_at: '2026-01-15T10:00:00Z',
  updated_at: '2026-01-15T10:00:00Z',
} as const;
const session = (token: string): Session => ({
  access_token: token,
  refresh_token: `refresh-${token}`,
  token_type: 'Bearer',
  expires_in: 900,
  user,
});

describe('the client, against a stand-in gateway', () => {
  it('turns an answer without the standard error body into an ApiError named by its status', async () => {
    handle = (_request, response) => {
      response.writeHead(502, { 'content-type': 'text/html', 'x-request-id': 'edge-7' });
      response.end('<h1>Bad gateway</h1>');
    };
    const error = await createBodegaClient({ baseUrl })
      .get('/api/v1/me')
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'HTTP_502', requestId: 'edge-7', details: {} });
  });

  it('keeps the session and surfaces the error when a refresh fails for another reason than a refusal', async () => {
    handle = (request, response) => {
      if (request.url === '/api/v1/auth/refresh') failure(response, 503, 'SERVICE_UNAVAILABLE');
      else failure(response, 401, 'TOKEN_EXPIRED');
    };
    const bodega = createBodegaClient({ baseUrl, session: session('old') });
    const error = await bodega.get('/api/v1/me').catch((reason: unknown) => reason);
    expect(error).not.toBeInstanceOf(SessionExpired);
    expect(error).toMatchObject({ status: 503, code: 'SERVICE_UNAVAILABLE' });
    expect(bodega.session?.access_token).toBe('old');
    // The refresh went without the expired token: the gateway would refuse it on any route.
    expect(seen.find((entry) => entry.path === '/api/v1/auth/refresh')?.authorization).toBeUndefined();
  });

  it('refreshes nothing for a token that was revoked, or that the caller sent itself', async () => {
    handle = (request, response) => {
      failure(
        response,
        401,
        request.headers.authorization === 'Bearer mine' ? 'TOKEN_EXPIRED' : 'TOKEN_REVOKED',
      );
    };
    const bodega = createBodegaClient({ baseUrl, session: session('old') });
    await expect(bodega.get('/api/v1/me')).rejects.toMatchObject({ code: 'TOKEN_REVOKED' });
    await expect(
      bodega.get('/api/v1/me', { headers: { authorization: 'Bearer mine' } }),
    ).rejects.toMatchObject({
      code: 'TOKEN_EXPIRED',
    });
    expect(seen.map((entry) => entry.path)).toEqual(['/api/v1/me', '/api/v1/me']);
  });

  it('retries without refreshing again when a call finds its token already refreshed by another', async () => {
    let refreshed: () => void = () => undefined;
    const refreshDone = new Promise<void>((resolve) => {
      refreshed = resolve;
    });
    handle = (request, response) => {
      const fresh = request.headers.authorization === 'Bearer new';
      if (request.url === '/api/v1/auth/refresh') json(response, 200, session('new'));
      else if (fresh) json(response, 200, { items: [], next_cursor: null });
      // The orders call answers only once the client holds the session the other call's refresh made.
      else if (request.url?.startsWith('/api/v1/orders'))
        void refreshDone.then(() => {
          failure(response, 401, 'TOKEN_EXPIRED');
        });
      else failure(response, 401, 'TOKEN_EXPIRED');
    };
    const bodega = createBodegaClient({
      baseUrl,
      session: session('old'),
      onSession: () => {
        refreshed();
      },
    });
    await Promise.all([bodega.get('/api/v1/orders'), bodega.get('/api/v1/payments')]);
    expect(seen.filter((entry) => entry.path === '/api/v1/auth/refresh')).toHaveLength(1);
    expect(seen.filter((entry) => entry.authorization === 'Bearer new')).toHaveLength(2);
  });

  it('answers a refresh without a session with SessionExpired', async () => {
    const error = await createBodegaClient({ baseUrl })
      .refresh()
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SessionExpired);
    expect(error).toMatchObject({ status: 401, code: 'SESSION_EXPIRED', details: {} });
    expect(seen).toEqual([]);
  });

  it('forgets the session at logout even when the server fails to end it, and says so', async () => {
    handle = (_request, response) => {
      failure(response, 500, 'INTERNAL_ERROR');
    };
    const bodega = createBodegaClient({ baseUrl, session: session('old') });
    await expect(bodega.logout()).rejects.toMatchObject({ status: 500 });
    expect(bodega.session).toBeUndefined();
  });
});
