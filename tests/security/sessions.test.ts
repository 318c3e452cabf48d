/**
 * Sessions under attack, through the gateway: a stolen refresh token replayed after its owner used it
 * ends the whole session (the thief's copy, the owner's newest token and the access tokens alike);
 * logout ends a session for good; and password guessing is throttled per client address and per
 * targeted email, with a Retry-After telling an honest client when to come back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { everyJsonEncoding } from '@bodega/testing';
import { expectStandardError, gatewayClient, verbs } from './support/http.js';
import { securityModes, type SecurityPlatform } from './support/platform.js';
import { password } from './support/world.js';

/** Login attempts allowed per window, per address and per email, on the throttled platform. */
const loginLimit = 5;

describe.each(securityModes())('sessions and sign-in in %s mode', (_mode, start) => {
  let platform: SecurityPlatform;
  const send = gatewayClient(() => platform.url);
  const { get, post } = verbs(send);
  /** Each test's requests come from an address of its own, so the limits of one do not touch another. */
  const from = (address: string) => ({ 'x-forwarded-for': address });
  let addresses = 0;
  const nextAddress = () => `203.0.113.${++addresses}`;

  beforeAll(async () => {
    // TRUST_PROXY: the gateway takes the client address from X-Forwarded-For, as behind one load balancer.
    platform = await start({
      env: {
        TRUST_PROXY: '1',
        LOGIN_RATE_LIMIT_MAX: String(loginLimit),
        AUTH_RATE_LIMIT_MAX: '1000',
        RATE_LIMIT_WINDOW_MS: '60000',
      },
    });
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  async function account() {
    const email = `holder-${randomUUID()}@example.com`;
    const address = nextAddress();
    expect((await post('/api/v1/auth/register', { email, password }, undefined, from(address))).status).toBe(
      201,
    );
    const session = await post('/api/v1/auth/login', { email, password }, undefined, from(address));
    expect(session.status, session.text).toBe(200);
    return {
      email,
      address,
      token: session.body.access_token as string,
      refreshToken: session.body.refresh_token as string,
    };
  }

  const refresh = (refreshToken: string, address: string) =>
    post('/api/v1/auth/refresh', { refresh_token: refreshToken }, undefined, from(address));

  it('rotates refresh tokens, and a replayed old one ends the whole family: thief, owner and access tokens', async () => {
    const owner = await account();
    const stolen = owner.refreshToken;
    const rotated = await refresh(stolen, owner.address);
    expect(rotated.status, rotated.text).toBe(200);
    const newest = rotated.body.refresh_token as string;
    expect(newest).not.toBe(stolen);
    expect((await get('/api/v1/me', rotated.body.access_token)).status).toBe(200);

    // The thief replays the token the owner already used.
    expectStandardError(await refresh(stolen, owner.address), 401, 'REFRESH_TOKEN_REUSED');

    // Everything of that session is dead now: the owner's newest refresh token and both access tokens.
    expectStandardError(await refresh(newest, owner.address), 401);
    expectStandardError(await get('/api/v1/me', rotated.body.access_token), 401);
    expectStandardError(await get('/api/v1/orders', owner.token), 401);
  });

  it('ends a session at logout: its refresh token and its access token stop working', async () => {
    const holder = await account();
    const out = await post(
      '/api/v1/auth/logout',
      { refresh_token: holder.refreshToken },
      holder.token,
      from(holder.address),
    );
    expect(out.status, out.text).toBe(204);
    expectStandardError(await refresh(holder.refreshToken, holder.address), 401);
    expectStandardError(await get('/api/v1/me', holder.token), 401);
    expectStandardError(await get('/api/v1/cart', holder.token), 401);
  });

  const login = (email: string, secret: string, address: string) =>
    post('/api/v1/auth/login', { email, password: secret }, undefined, from(address));

  function expectThrottled(answer: Awaited<ReturnType<typeof login>>) {
    expectStandardError(answer, 429);
    const retryAfter = Number(answer.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
  }

  it('throttles guessing from one address across many emails, with 429 and Retry-After', async () => {
    const address = nextAddress();
    for (let attempt = 0; attempt < loginLimit; attempt++) {
      expectStandardError(await login(`guess-${attempt}@example.com`, 'wrong password!', address), 401);
    }
    expectThrottled(await login('guess-more@example.com', 'wrong password!', address));
    // Another address is not throttled by it.
    expectStandardError(await login('guess-more@example.com', 'wrong password!', nextAddress()), 401);
  });

  it('throttles guessing one email from many addresses, even with the right password then', async () => {
    const target = await account();
    // Its owner's sign-in counted as one attempt on the email.
    for (let attempt = 1; attempt < loginLimit; attempt++) {
      expectStandardError(await login(target.email, `wrong guess ${attempt}`, nextAddress()), 401);
    }
    // The limit is on the email, whatever its case or spacing: no new counter for `Holder@…`.
    expectThrottled(await login(` ${target.email.toUpperCase()}`, 'wrong guess again', nextAddress()));
    expectThrottled(await login(target.email, password, nextAddress()));
    // Other accounts sign in as usual.
    const other = await account();
    expect((await login(other.email, password, nextAddress())).status).toBe(200);
  });

  it('counts a sign-in against its email however its JSON body is encoded, as identity reads it', async () => {
    const encodings = Object.keys(everyJsonEncoding('{}'));
    // Each account takes loginLimit - 1 more attempts (its first sign-in counted); every encoding once.
    for (let first = 0; first < encodings.length; first += loginLimit - 1) {
      const holder = await account();
      const bodies = everyJsonEncoding(JSON.stringify({ email: holder.email, password }));
      for (let attempt = first; attempt < first + loginLimit - 1; attempt++) {
        const encoding = encodings[attempt % encodings.length] ?? 'UTF-8';
        const answer = await send({
          method: 'POST',
          path: '/api/v1/auth/login',
          body: bodies[encoding],
          headers: from(nextAddress()),
        });
        expect(answer.status, `${encoding}: ${answer.text}`).toBe(200);
      }
      expectThrottled(await login(holder.email, password, nextAddress()));
    }
  });

  it('refuses a sign-in body that is not valid UTF-8 with 400, not as another text', async () => {
    const holder = await account();
    // "ü" in Latin-1: one byte that UTF-8 never has alone.
    const body = Buffer.concat([
      Buffer.from(`{"email":"${holder.email}","password":"${password}`),
      Buffer.from([0xfc]),
      Buffer.from('"}'),
    ]);
    const answer = await send({
      method: 'POST',
      path: '/api/v1/auth/login',
      body,
      headers: from(nextAddress()),
    });
    expectStandardError(answer, 400, 'MALFORMED_JSON');
  });
});
