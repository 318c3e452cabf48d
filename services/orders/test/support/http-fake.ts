import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseServicePublicKeys, verifyServiceToken } from '@bodega/auth';

/** One request a fake service received, for assertions ("void was called"). */
export interface Received {
  method: string;
  path: string;
  body: unknown;
}

export interface Answer {
  status: number;
  body?: unknown;
}

/** How a fake service behaves right now: normally, not at all (503 / connection reset), or slowly. */
export type Health = 'up' | 'error' | 'reset';

export interface HttpFake {
  url: string;
  calls: Received[];
  /** Calls answered so far (a slow answer lands here late). */
  answered: Received[];
  /** Requests to paths matching this answer 503 (one route down, the others up). */
  failing: RegExp | undefined;
  /** Calls received to paths matching `pattern`. */
  callsTo(pattern: RegExp): Received[];
  health: Health;
  close(): Promise<void>;
}

export function error(status: number, code: string, details: Record<string, unknown> = {}): Answer {
  return {
    status,
    body: {
      error: { code, message: code, details, timestamp: '2026-01-01T00:00:00Z', request_id: 'fake' },
    },
  };
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

/**
 * A small HTTP server standing in for another Bodega service (`audience`): it checks the service token
 * as the real one does (`X-Service-Token`, orders' own key among `publicKeys`, for this service, from
 * orders alone) and answers through `route`.
 */
export async function startHttpFake(
  { audience, publicKeys }: { audience: string; publicKeys: string },
  route: (request: Received) => Promise<Answer> | Answer,
): Promise<HttpFake> {
  const callerKeys = parseServicePublicKeys(publicKeys);
  const fake = {
    calls: [] as Received[],
    answered: [] as Received[],
    health: 'up' as Health,
    failing: undefined as RegExp | undefined,
  };
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const received: Received = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      body: await readBody(request),
    };
    fake.calls.push(received);
    if (fake.health === 'reset') {
      request.socket.destroy();
      return;
    }
    let answer: Answer;
    const token = request.headers['x-service-token'];
    if (fake.health === 'error' || fake.failing?.test(received.path)) {
      answer = error(503, 'SERVICE_UNAVAILABLE');
    } else if (typeof token !== 'string') {
      answer = error(401, 'AUTHENTICATION_REQUIRED');
    } else {
      const valid = await verifyServiceToken(callerKeys, token, {
        audience,
        allowedServices: ['orders'],
      }).then(
        () => true,
        () => false,
      );
      answer = valid ? await route(received) : error(401, 'INVALID_TOKEN');
    }
    fake.answered.push(received);
    if (response.destroyed) return;
    response.writeHead(answer.status, { 'content-type': 'application/json' });
    response.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
  };
  const server: Server = createServer((request, response) => {
    void handle(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(fake, {
    url: `http://127.0.0.1:${port}`,
    callsTo: (pattern: RegExp) => fake.calls.filter((call) => pattern.test(call.path)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  });
}
