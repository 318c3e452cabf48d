import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '@bodega/errors';
import { signAccessToken } from './access-token.js';
import { KeyRing } from './key-ring.js';
import { generateSigningKey } from './keys.js';
import { createVerifier } from './verifier.js';

const alice = { sub: 'user-alice', role: 'customer', sid: 'session-1' } as const;

type Behaviour = 'serve' | 'fail' | 'hang' | 'garbage';

/** Identity's `GET /.well-known/jwks.json`, served for real on an ephemeral port. */
async function startIdentity(ring: KeyRing) {
  const state = { behaviour: 'serve' as Behaviour, fetches: 0 };
  const server: Server = createServer((request, response) => {
    if (request.url !== '/.well-known/jwks.json') {
      response.writeHead(404).end();
      return;
    }
    state.fetches += 1;
    if (state.behaviour === 'hang') return;
    if (state.behaviour === 'fail') {
      response.writeHead(500).end('{"error":{}}');
      return;
    }
    const body = state.behaviour === 'garbage' ? '<html>' : JSON.stringify(ring.jwks());
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  servers.push(server);
  return { state, server, url: new URL(`http://127.0.0.1:${port}/.well-known/jwks.json`) };
}

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function failure(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isAppError(error)
    ? { kind: error.kind, code: error.code, retryAfter: error.headers['retry-after'] }
    : error;
}

const jwksUnavailable = { kind: 'unavailable', code: 'JWKS_UNAVAILABLE', retryAfter: '5' };

describe('verifying against identity’s JWKS endpoint', () => {
  it('fetches the keys once and verifies from the cache afterwards', async () => {
    const ring = new KeyRing(await generateSigningKey());
    const identity = await startIdentity(ring);
    const { verify } = createVerifier({ jwks: identity.url });

    await expect(verify(await signAccessToken(ring, alice))).resolves.toMatchObject({
      user_id: 'user-alice',
    });
    await expect(verify(await signAccessToken(ring, alice))).resolves.toMatchObject({
      user_id: 'user-alice',
    });

    expect(identity.state.fetches).toBe(1);
  });

  it('fetches the JWKS again when a token names a new kid after a rotation, and keeps accepting the old key', async () => {
    const ring = new KeyRing(await generateSigningKey());
    const identity = await startIdentity(ring);
    const { verify } = createVerifier({ jwks: identity.url, remote: { cooldownMs: 0 } });
    const before = await signAccessToken(ring, alice);
    await verify(before);

    const next = await generateSigningKey();
    ring.rotate(next);
    const after = await signAccessToken(ring, { ...alice, role: 'manager' });

    await expect(verify(after)).resolves.toMatchObject({ role: 'manager' });
    await expect(verify(before)).resolves.toMatchObject({ role: 'customer' });
    expect(identity.state.fetches).toBe(2);
  });

  it('does not let unknown kids make it hit identity more than once per cooldown', async () => {
    const ring = new KeyRing(await generateSigningKey());
    const identity = await startIdentity(ring);
    const { verify } = createVerifier({ jwks: identity.url, remote: { cooldownMs: 60_000 } });
    await verify(await signAccessToken(ring, alice));
    const stranger = await signAccessToken(new KeyRing(await generateSigningKey()), alice);

    for (let attempt = 0; attempt < 3; attempt += 1) {
      expect(await failure(verify(stranger))).toMatchObject({ kind: 'unauthorized', code: 'INVALID_TOKEN' });
    }
    expect(identity.state.fetches).toBe(1);
  });

  it('answers 503 JWKS_UNAVAILABLE, not 401, when identity is down', async () => {
    const ring = new KeyRing(await generateSigningKey());
    const identity = await startIdentity(ring);
    const { url } = identity;
    servers.splice(0);
    await new Promise((resolve) => identity.server.close(resolve));
    const { verify } = createVerifier({ jwks: url });

    expect(await failure(verify(await signAccessToken(ring, alice)))).toEqual(jwksUnavailable);
  });

  it.each<[string, Behaviour]>([
    ['answers with an error status', 'fail'],
    ['answers with something that is not JSON', 'garbage'],
    ['does not answer in time', 'hang'],
  ])('answers 503 JWKS_UNAVAILABLE when identity %s', async (_, behaviour) => {
    const ring = new KeyRing(await generateSigningKey());
    const identity = await startIdentity(ring);
    identity.state.behaviour = behaviour;
    const { verify } = createVerifier({ jwks: identity.url, remote: { timeoutMs: 200 } });

    expect(await failure(verify(await signAccessToken(ring, alice)))).toEqual(jwksUnavailable);
  });

  it('recovers once identity is back', async () => {
    const ring = new KeyRing(await generateSigningKey());
    const identity = await startIdentity(ring);
    identity.state.behaviour = 'fail';
    const { verify } = createVerifier({ jwks: identity.url });
    const token = await signAccessToken(ring, alice);
    expect(await failure(verify(token))).toEqual(jwksUnavailable);

    identity.state.behaviour = 'serve';

    await expect(verify(token)).resolves.toMatchObject({ user_id: 'user-alice' });
  });

  it('never fetches keys for a token whose algorithm is not allowed', async () => {
    const ring = new KeyRing(await generateSigningKey());
    const identity = await startIdentity(ring);
    const { verify } = createVerifier({ jwks: identity.url });
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const none = `${encode({ alg: 'none', kid: 'x', typ: 'JWT' })}.${encode({ sub: 'user-alice' })}.`;

    expect(await failure(verify(none))).toMatchObject({ kind: 'unauthorized', code: 'INVALID_TOKEN' });
    expect(identity.state.fetches).toBe(0);
  });
});
