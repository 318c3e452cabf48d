import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey, KeyRing, signAccessToken, type Role } from '@bodega/auth';

/** Identity's JWKS endpoint, played by a tiny HTTP server, and tokens signed with its key. */
export interface FakeIdentity {
  url: string;
  token(userId: string, role: Role): Promise<string>;
  close(): Promise<void>;
}

export async function startFakeIdentity(): Promise<FakeIdentity> {
  const keyRing = new KeyRing(await generateSigningKey());
  const server = createServer((request, response) => {
    const found = request.url === '/.well-known/jwks.json';
    const body = JSON.stringify(found ? keyRing.jwks() : { error: 'not found' });
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    token: (userId, role) => signAccessToken(keyRing, { sub: userId, role, sid: randomUUID() }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
