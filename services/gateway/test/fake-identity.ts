import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey, KeyRing } from '@bodega/auth';
import { parseJsonBody } from '@bodega/kit';

/** What the fake identity saw of one request. */
export interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface FakeIdentity {
  url: string;
  keyRing: KeyRing;
  seen: Seen[];
  /** What `/readyz` answers: 200 ready, or 503 with a failed check. */
  ready: boolean;
  close(): Promise<void>;
}

/**
 * A real HTTP server playing identity for the gateway: it serves the JWKS of its own key ring and
 * `/readyz`, and echoes every other request back as JSON. A few paths misbehave on purpose:
 * `/api/v1/users/slow` answers after 1.5 s, `/api/v1/users/status/<n>` answers status n, and a JSON
 * body that does not parse gets the 400 a real service gives.
 */
export async function startFakeIdentity(): Promise<FakeIdentity> {
  const keyRing = new KeyRing(await generateSigningKey());
  const seen: Seen[] = [];
  const state = { ready: true };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry: Seen = {
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      };
      answer(entry, response);
    });
  });

  function answer(request: Seen, response: ServerResponse): void {
    const path = request.url.split('?')[0] ?? '';
    if (path === '/.well-known/jwks.json') {
      json(response, 200, keyRing.jwks());
      return;
    }
    if (path === '/readyz') {
      if (state.ready)
        json(response, 200, { status: 'ready', service: 'identity', checks: { database: 'ok' } });
      else json(response, 503, { status: 'degraded', service: 'identity', checks: { database: 'down' } });
      return;
    }
    seen.push(request);
    if (path === '/api/v1/users/slow') {
      setTimeout(() => {
        json(response, 200, { slow: true });
      }, 1_500).unref();
      return;
    }
    const forced = /^\/api\/v1\/users\/status\/(\d{3})$/.exec(path);
    if (forced) {
      json(response, Number(forced[1]), errorBody('FORCED', 'as asked', 'x'));
      return;
    }
    if (path === '/api/v1/users/headers') {
      response.writeHead(200, {
        'content-type': 'text/plain; charset=utf-8',
        connection: 'x-upstream-private',
        'x-upstream-private': 'hop',
        'keep-alive': 'timeout=5',
        'access-control-allow-origin': '*',
        'set-cookie': ['a=1; HttpOnly', 'b=2; HttpOnly'],
        'x-custom': 'kept',
      });
      response.end('plain text');
      return;
    }
    if (
      request.headers['content-type']?.startsWith('application/json') &&
      request.body.length > 0 &&
      !parses(request.body, request.headers['content-type'])
    ) {
      json(
        response,
        400,
        errorBody(
          'MALFORMED_JSON',
          'The request body is not valid JSON',
          String(request.headers['x-request-id']),
        ),
      );
      return;
    }
    json(response, request.method === 'POST' ? 201 : 200, {
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: request.body.toString('utf8'),
    });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    keyRing,
    seen,
    get ready() {
      return state.ready;
    },
    set ready(value: boolean) {
      state.ready = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}

/** Read as every real service reads a JSON body (the kit's parser), whatever its encoding. */
function parses(body: Buffer, contentType: string | undefined): boolean {
  try {
    parseJsonBody(body, contentType);
    return true;
  } catch {
    return false;
  }
}

function errorBody(code: string, message: string, requestId: string) {
  return { error: { code, message, details: {}, timestamp: '2026-01-01T00:00:00Z', request_id: requestId } };
}

function json(response: ServerResponse, status: number, body: unknown) {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}
