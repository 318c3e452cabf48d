import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generateSigningKey, KeyRing, signAccessToken, type Role } from '@bodega/auth';

/** A signed-in user of a test: their id, role and access token. */
export interface TestUser {
  id: string;
  role: Role;
  token: string;
}

/**
 * Identity's part in another service's tests: a key ring, its JWKS served over HTTP at
 * `GET /.well-known/jwks.json` (as identity serves it; 404 otherwise), and access tokens it signs.
 * Point the service's `IDENTITY_URL` at `url`.
 */
export interface TokenIssuer {
  url: string;
  /** An access token for `userId` with `role`, in a fresh session. */
  token(userId: string, role: Role): Promise<string>;
  /** A new user with `role` (a fresh id each time) and their token. */
  user(role: Role): Promise<TestUser>;
  close(): Promise<void>;
}

export async function startTokenIssuer(): Promise<TokenIssuer> {
  const keyRing = new KeyRing(await generateSigningKey());
  const server = createServer((request, response) => {
    const found = request.url === '/.well-known/jwks.json';
    const body = JSON.stringify(found ? keyRing.jwks() : { error: 'not found' });
    response.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const token = (userId: string, role: Role) =>
    signAccessToken(keyRing, { sub: userId, role, sid: randomUUID() });
  return {
    url: `http://127.0.0.1:${port}`,
    token,
    async user(role) {
      const id = randomUUID();
      return { id, role, token: await token(id, role) };
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
