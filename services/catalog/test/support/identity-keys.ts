import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey, KeyRing, signAccessToken, type Role } from '@bodega/auth';
import { newId } from '@bodega/db';

export interface User {
  id: string;
  role: Role;
  token: string;
}

/** Identity's part in catalog's tests: a key ring, its JWKS served over HTTP, and tokens it signs. */
export interface FakeIdentity {
  url: string;
  /** A signed-in user with this role (a fresh id each time). */
  user(role: Role): Promise<User>;
  close(): Promise<void>;
}

/** A tiny HTTP server answering `GET /.well-known/jwks.json`, as identity does; 404 otherwise. */
export async function startFakeIdentity(): Promise<FakeIdentity> {
  const keyRing = new KeyRing(await generateSigningKey());
  const server = createServer((request, response) => {
    if (request.url === '/.well-known/jwks.json') {
      const body = JSON.stringify(keyRing.jwks());
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(body);
      return;
    }
    response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async user(role) {
      const id = newId();
      return { id, role, token: await signAccessToken(keyRing, { sub: id, role, sid: newId() }) };
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
