import { decodeJwt, decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import {
  API,
  call,
  expectError,
  login,
  me,
  PASSWORD,
  refreshWith,
  registerUser,
  signedInCustomer,
  uniqueEmail,
} from './support/api.js';
import { startIdentity, type IdentityUnderTest } from './support/identity.js';

describe.each(databaseBackends())('sessions on $name', (backend) => {
  let identity: IdentityUnderTest;
  const post = (
    path: string,
    body?: unknown,
    extra: { token?: string; headers?: Record<string, string>; cookies?: Record<string, string> } = {},
  ) =>
    call(identity.app, {
      method: 'POST',
      url: `${API}${path}`,
      ...(body === undefined ? {} : { body }),
      ...extra,
    });

  beforeAll(async () => {
    identity = await startIdentity(backend);
  });
  afterAll(async () => {
    await identity.close();
  });

  describe('login', () => {
    it('answers an access token, a refresh token and the user', async () => {
      const email = uniqueEmail();
      const user = await registerUser(identity.app, email);
      const response = await post('/auth/login', { email, password: PASSWORD });
      expect(response.statusCode).toBe(200);
      expect(response.headers['cache-control']).toBe('no-store');
      const body = response.json();
      expect(body).toEqual({
        access_token: expect.any(String),
        refresh_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        token_type: 'Bearer',
        expires_in: 900,
        user: expect.objectContaining({ id: user.id, email, role: 'customer', active: true }),
      });
      expect(response.headers['set-cookie']).toBeUndefined();
    });

    it('signs a 15-minute EdDSA access token with sub, role and sid', async () => {
      const session = await signedInCustomer(identity.app);
      expect(decodeProtectedHeader(session.access_token)).toMatchObject({
        alg: 'EdDSA',
        kid: identity.signingKey.kid,
        typ: 'JWT',
      });
      const claims = decodeJwt(session.access_token);
      expect(claims).toMatchObject({ sub: session.id, role: 'customer', sid: expect.any(String) });
      expect(claims.exp! - claims.iat!).toBe(900);
    });

    it('accepts the email in any case and with spaces around it', async () => {
      const email = uniqueEmail();
      await registerUser(identity.app, email);
      expect(
        (await post('/auth/login', { email: `  ${email.toUpperCase()}  `, password: PASSWORD })).statusCode,
      ).toBe(200);
    });

    it('answers a wrong password and an unknown email with the same 401, which does not say which part was wrong', async () => {
      const email = uniqueEmail();
      await registerUser(identity.app, email);
      const wrongPassword = expectError(
        await post('/auth/login', { email, password: 'not the password' }),
        401,
        'INVALID_CREDENTIALS',
      );
      const unknownEmail = expectError(
        await post('/auth/login', { email: uniqueEmail('nobody'), password: PASSWORD }),
        401,
        'INVALID_CREDENTIALS',
      );
      expect(wrongPassword.message).toBe('Email or password is incorrect');
      expect(unknownEmail.message).toBe(wrongPassword.message);
      expect(unknownEmail.details).toEqual(wrongPassword.details);
    });

    it('answers an absurdly long password as incorrect, not as an error', async () => {
      const email = uniqueEmail();
      await registerUser(identity.app, email);
      expectError(
        await post('/auth/login', { email, password: 'p'.repeat(1000) }),
        401,
        'INVALID_CREDENTIALS',
      );
    });

    it('rejects a login body with a missing field, a wrong type or an unknown field with 400', async () => {
      expectError(await post('/auth/login', { email: uniqueEmail() }), 400, 'VALIDATION_ERROR');
      expectError(
        await post('/auth/login', { email: uniqueEmail(), password: 1234567890 }),
        400,
        'VALIDATION_ERROR',
      );
      expectError(
        await post('/auth/login', { email: uniqueEmail(), password: PASSWORD, remember: true }),
        400,
        'VALIDATION_ERROR',
      );
      expectError(await post('/auth/login', '[1, 2'), 400, 'MALFORMED_JSON');
    });
  });

  describe('refresh', () => {
    it('rotates: a new refresh token in the same session, and the old one stops working', async () => {
      const session = await signedInCustomer(identity.app);
      const response = await refreshWith(identity.app, session.refresh_token);
      expect(response.statusCode).toBe(200);
      const next = response.json();
      expect(next).toMatchObject({ token_type: 'Bearer', expires_in: 900, user: { id: session.id } });
      expect(next.refresh_token).not.toBe(session.refresh_token);
      expect(decodeJwt(next.access_token).sid).toBe(decodeJwt(session.access_token).sid);
      expect((await me(identity.app, next.access_token)).statusCode).toBe(200);
      expect((await refreshWith(identity.app, next.refresh_token)).statusCode).toBe(200);
    });

    it('stores refresh tokens only as SHA-256 hashes', async () => {
      const session = await signedInCustomer(identity.app);
      const rows = await identity.database.query<{ token_hash: string }>(
        'select t.token_hash from identity.refresh_tokens t join identity.refresh_token_families f on f.id = t.family_id where f.user_id = $1',
        [session.id],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.token_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(rows[0]?.token_hash).not.toBe(session.refresh_token);
    });

    it('treats a rotated token presented again as reuse: 401 REFRESH_TOKEN_REUSED and the whole session ends', async () => {
      const session = await signedInCustomer(identity.app);
      const rotated = (await refreshWith(identity.app, session.refresh_token)).json();

      expectError(await refreshWith(identity.app, session.refresh_token), 401, 'REFRESH_TOKEN_REUSED');
      // The legitimate holder's newer token dies with the family...
      expectError(await refreshWith(identity.app, rotated.refresh_token), 401, 'REFRESH_TOKEN_REVOKED');
      // ...and so do every access token of the session, before they expire.
      expectError(await me(identity.app, session.access_token), 401, 'TOKEN_REVOKED');
      expectError(await me(identity.app, rotated.access_token), 401, 'TOKEN_REVOKED');
    });

    it('leaves the other sessions of the user alone when one is revoked for reuse', async () => {
      const email = uniqueEmail();
      await registerUser(identity.app, email);
      const phone = await login(identity.app, email);
      const laptop = await login(identity.app, email);
      await refreshWith(identity.app, phone.refresh_token);
      await refreshWith(identity.app, phone.refresh_token);
      expect((await me(identity.app, laptop.access_token)).statusCode).toBe(200);
      expect((await refreshWith(identity.app, laptop.refresh_token)).statusCode).toBe(200);
    });

    it('lets exactly one of several concurrent refreshes of one token win', async () => {
      const session = await signedInCustomer(identity.app);
      const responses = await Promise.all(
        Array.from({ length: 5 }, () => refreshWith(identity.app, session.refresh_token)),
      );
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 200)).toHaveLength(1);
      for (const response of responses.filter((r) => r.statusCode !== 200))
        expectError(response, 401, 'REFRESH_TOKEN_REUSED');
      const [row] = await identity.database.query<{ n: number }>(
        `select count(*)::int as n from identity.refresh_tokens t join identity.refresh_token_families f on f.id = t.family_id
          where f.user_id = $1`,
        [session.id],
      );
      // The original plus the single successor: no loser minted a token.
      expect(row?.n).toBe(2);
    });

    it('refuses an expired refresh token with 401 REFRESH_TOKEN_EXPIRED', async () => {
      const session = await signedInCustomer(identity.app);
      await identity.database.query(
        `update identity.refresh_tokens set expires_at = now() - interval '1 second'
          where family_id in (select id from identity.refresh_token_families where user_id = $1)`,
        [session.id],
      );
      expectError(await refreshWith(identity.app, session.refresh_token), 401, 'REFRESH_TOKEN_EXPIRED');
    });

    it('refuses an unknown or malformed refresh token with 401 INVALID_REFRESH_TOKEN', async () => {
      expectError(await refreshWith(identity.app, 'A'.repeat(43)), 401, 'INVALID_REFRESH_TOKEN');
      expectError(await refreshWith(identity.app, 'not a token'), 401, 'INVALID_REFRESH_TOKEN');
    });

    it('asks for a refresh token when none is sent', async () => {
      expectError(await post('/auth/refresh', {}), 401, 'REFRESH_TOKEN_REQUIRED');
      expectError(await post('/auth/refresh'), 401, 'REFRESH_TOKEN_REQUIRED');
    });

    it('rejects a refresh body with a wrong type or an unknown field with 400', async () => {
      expectError(await post('/auth/refresh', { refresh_token: 42 }), 400, 'VALIDATION_ERROR');
      expectError(await post('/auth/refresh', { refresh_token: 'x', extra: 1 }), 400, 'VALIDATION_ERROR');
    });
  });

  describe('logout', () => {
    it('with the refresh token ends the session: refresh and access tokens stop working', async () => {
      const session = await signedInCustomer(identity.app);
      const response = await post('/auth/logout', { refresh_token: session.refresh_token });
      expect(response.statusCode).toBe(204);
      expect(response.body).toBe('');
      expectError(await refreshWith(identity.app, session.refresh_token), 401, 'REFRESH_TOKEN_REVOKED');
      expectError(await me(identity.app, session.access_token), 401, 'TOKEN_REVOKED');
    });

    it("with only the bearer token ends that token's session", async () => {
      const session = await signedInCustomer(identity.app);
      expect((await post('/auth/logout', undefined, { token: session.access_token })).statusCode).toBe(204);
      expectError(await refreshWith(identity.app, session.refresh_token), 401, 'REFRESH_TOKEN_REVOKED');
    });

    it('ends only that session, not the other devices of the user', async () => {
      const email = uniqueEmail();
      await registerUser(identity.app, email);
      const phone = await login(identity.app, email);
      const laptop = await login(identity.app, email);
      await post('/auth/logout', { refresh_token: phone.refresh_token });
      expect((await me(identity.app, laptop.access_token)).statusCode).toBe(200);
    });

    it('succeeds again for a session already ended, and for an unknown token', async () => {
      const session = await signedInCustomer(identity.app);
      expect((await post('/auth/logout', { refresh_token: session.refresh_token })).statusCode).toBe(204);
      expect((await post('/auth/logout', { refresh_token: session.refresh_token })).statusCode).toBe(204);
      expect((await post('/auth/logout', { refresh_token: 'B'.repeat(43) })).statusCode).toBe(204);
    });

    it('without any token answers 401', async () => {
      expectError(await post('/auth/logout', {}), 401, 'AUTHENTICATION_REQUIRED');
    });
  });

  describe('the web app', () => {
    const web = { 'x-bodega-client': 'web' };
    const cookiesOf = (setCookie: string | string[] | undefined) => {
      const list = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
      return Object.fromEntries(
        list.map((line) => {
          const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
          const [name = '', value = ''] = pair.split('=');
          return [name, { value, attributes: attributes.map((a) => a.toLowerCase()) }];
        }),
      );
    };
    const webLogin = async () => {
      const email = uniqueEmail('web');
      await registerUser(identity.app, email);
      const response = await post('/auth/login', { email, password: PASSWORD }, { headers: web });
      expect(response.statusCode).toBe(200);
      const cookies = cookiesOf(response.headers['set-cookie']);
      return { response, cookies, refresh: cookies.bodega_refresh!.value, csrf: cookies.bodega_csrf!.value };
    };

    it('gets its refresh token in an HttpOnly, Secure, SameSite=Strict cookie scoped to the auth routes, and a readable CSRF cookie', async () => {
      const { response, cookies } = await webLogin();
      expect(cookies.bodega_refresh?.value).toBe(response.json().refresh_token);
      expect(cookies.bodega_refresh?.attributes).toEqual(
        expect.arrayContaining([
          'httponly',
          'secure',
          'samesite=strict',
          'path=/api/v1/auth',
          expect.stringMatching(/^max-age=\d+$/),
        ]),
      );
      expect(cookies.bodega_csrf?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(cookies.bodega_csrf?.attributes).toEqual(
        expect.arrayContaining(['secure', 'samesite=strict', 'path=/']),
      );
      expect(cookies.bodega_csrf?.attributes).not.toContain('httponly');
    });

    it('refreshes with the cookie when the X-CSRF-Token header matches the CSRF cookie, and gets new cookies', async () => {
      const { refresh, csrf } = await webLogin();
      const response = await post('/auth/refresh', undefined, {
        headers: { ...web, 'x-csrf-token': csrf },
        cookies: { bodega_refresh: refresh, bodega_csrf: csrf },
      });
      expect(response.statusCode, response.body).toBe(200);
      const cookies = cookiesOf(response.headers['set-cookie']);
      expect(cookies.bodega_refresh?.value).toBe(response.json().refresh_token);
      expect(cookies.bodega_refresh?.value).not.toBe(refresh);
    });

    it('refuses a cookie refresh without the CSRF header, or with a wrong one, with 403 CSRF_FAILED', async () => {
      const { refresh, csrf } = await webLogin();
      const cookies = { bodega_refresh: refresh, bodega_csrf: csrf };
      expectError(await post('/auth/refresh', {}, { cookies }), 403, 'CSRF_FAILED');
      expectError(
        await post('/auth/refresh', {}, { cookies, headers: { 'x-csrf-token': 'forged' } }),
        403,
        'CSRF_FAILED',
      );
      expectError(
        await post(
          '/auth/refresh',
          {},
          { cookies: { bodega_refresh: refresh }, headers: { 'x-csrf-token': csrf } },
        ),
        403,
        'CSRF_FAILED',
      );
      // The refused attempts did not spend the token.
      expect(
        (await post('/auth/refresh', {}, { cookies, headers: { 'x-csrf-token': csrf } })).statusCode,
      ).toBe(200);
    });

    it('logs out with the cookie and the CSRF header, and the cookies are cleared', async () => {
      const { refresh, csrf } = await webLogin();
      const cookies = { bodega_refresh: refresh, bodega_csrf: csrf };
      expectError(await post('/auth/logout', {}, { cookies }), 403, 'CSRF_FAILED');
      const response = await post('/auth/logout', undefined, { cookies, headers: { 'x-csrf-token': csrf } });
      expect(response.statusCode).toBe(204);
      const cleared = cookiesOf(response.headers['set-cookie']);
      expect(cleared.bodega_refresh?.value).toBe('');
      expect(cleared.bodega_csrf?.value).toBe('');
      expectError(await refreshWith(identity.app, refresh), 401, 'REFRESH_TOKEN_REVOKED');
    });

    it('a refresh token in the body wins over the cookie and needs no CSRF header (API clients)', async () => {
      const { refresh } = await webLogin();
      const response = await post(
        '/auth/refresh',
        { refresh_token: refresh },
        { cookies: { bodega_refresh: 'stale' } },
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers['set-cookie']).toBeUndefined();
    });
  });
});
