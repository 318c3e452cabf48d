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

describe.each(databaseBackends())('my profile on $name', (backend) => {
  let identity: IdentityUnderTest;
  const patchMe = (token: string, body: unknown) =>
    call(identity.app, { method: 'PATCH', url: `${API}/me`, token, body });

  beforeAll(async () => {
    identity = await startIdentity(backend);
  });
  afterAll(async () => {
    await identity.close();
  });

  it('GET /me answers the signed-in user', async () => {
    const email = uniqueEmail();
    const user = await registerUser(identity.app, email, PASSWORD, 'Ada');
    const session = await login(identity.app, email);
    const response = await me(identity.app, session.access_token);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual(user);
  });

  it('lets the gateway keep GET /me for its caller only, and tags every answer that changes a user', async () => {
    const session = await signedInCustomer(identity.app);
    const read = await me(identity.app, session.access_token);
    const userTag = `user:${read.json<{ id: string }>().id}`;
    expect(read.headers).toMatchObject({
      'surrogate-control': 'max-age=60',
      'surrogate-key': userTag,
      vary: 'authorization',
    });
    const renamed = await patchMe(session.access_token, { name: 'Tagged' });
    expect(renamed.headers['surrogate-key']).toBe(userTag);
    // A refused read is never offered for keeping.
    const refused = await call(identity.app, { method: 'GET', url: `${API}/me` });
    expect(refused.statusCode).toBe(401);
    expect(refused.headers['surrogate-control']).toBeUndefined();
  });

  it('PATCH /me changes the name, and null clears it', async () => {
    const session = await signedInCustomer(identity.app);
    const renamed = await patchMe(session.access_token, { name: '  Grace Hopper ' });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ name: 'Grace Hopper' });
    expect(Date.parse(renamed.json().updated_at)).toBeGreaterThanOrEqual(
      Date.parse(renamed.json().created_at),
    );
    expect((await patchMe(session.access_token, { name: null })).json().name).toBeNull();
  });

  it('PATCH /me refuses to change email, role or anything else it does not know, with 400', async () => {
    const session = await signedInCustomer(identity.app);
    expectError(await patchMe(session.access_token, { role: 'admin' }), 400, 'VALIDATION_ERROR');
    expectError(await patchMe(session.access_token, { email: uniqueEmail() }), 400, 'VALIDATION_ERROR');
    expectError(await patchMe(session.access_token, {}), 400, 'VALIDATION_ERROR');
    expectError(await patchMe(session.access_token, { name: 7 }), 400, 'VALIDATION_ERROR');
    expect((await me(identity.app, session.access_token)).json().role).toBe('customer');
  });

  it('PATCH /me needs the current password to change the password', async () => {
    const session = await signedInCustomer(identity.app);
    expectError(
      await patchMe(session.access_token, { password: 'a brand new secret' }),
      400,
      'CURRENT_PASSWORD_REQUIRED',
    );
    expectError(
      await patchMe(session.access_token, {
        password: 'a brand new secret',
        current_password: 'not my password',
      }),
      403,
      'INVALID_CURRENT_PASSWORD',
    );
    expectError(await patchMe(session.access_token, { current_password: PASSWORD }), 400, 'VALIDATION_ERROR');
  });

  it('PATCH /me applies the password policy to the new password', async () => {
    const session = await signedInCustomer(identity.app);
    expectError(
      await patchMe(session.access_token, { password: 'short', current_password: PASSWORD }),
      400,
      'WEAK_PASSWORD',
    );
  });

  it('a password change keeps this session, ends every other one, and the new password signs in', async () => {
    const email = uniqueEmail();
    await registerUser(identity.app, email);
    const here = await login(identity.app, email);
    const elsewhere = await login(identity.app, email);

    const response = await patchMe(here.access_token, {
      password: 'a brand new secret',
      current_password: PASSWORD,
    });
    expect(response.statusCode).toBe(200);

    expect((await me(identity.app, here.access_token)).statusCode).toBe(200);
    expect((await refreshWith(identity.app, here.refresh_token)).statusCode).toBe(200);
    expectError(await me(identity.app, elsewhere.access_token), 401, 'TOKEN_REVOKED');
    expectError(await refreshWith(identity.app, elsewhere.refresh_token), 401, 'REFRESH_TOKEN_REVOKED');

    expectError(
      await call(identity.app, {
        method: 'POST',
        url: `${API}/auth/login`,
        body: { email, password: PASSWORD },
      }),
      401,
      'INVALID_CREDENTIALS',
    );
    await login(identity.app, email, 'a brand new secret');
  });
});
