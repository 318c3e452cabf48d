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
  type SignedIn,
} from './support/api.js';
import { startIdentity, type IdentityUnderTest } from './support/identity.js';

const ADMIN = { email: 'root@shop.example', password: 'admin password 123' };

describe.each(databaseBackends())('user administration on $name', (backend) => {
  let identity: IdentityUnderTest;
  let admin: SignedIn;
  const listUsers = (token: string, query = '') =>
    call(identity.app, { method: 'GET', url: `${API}/users${query}`, token });
  const patchUser = (token: string, id: string, body: unknown) =>
    call(identity.app, { method: 'PATCH', url: `${API}/users/${id}`, token, body });

  beforeAll(async () => {
    identity = await startIdentity(backend, {
      env: { ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password },
    });
    admin = await login(identity.app, ADMIN.email, ADMIN.password);
  });
  afterAll(async () => {
    await identity.close();
  });

  describe('listing users', () => {
    it('pages through every user with limit and next_cursor, oldest first, without repeats', async () => {
      const label = `page${Date.now()}`;
      const created = [];
      for (let i = 0; i < 5; i++) created.push(await registerUser(identity.app, uniqueEmail(label)));

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = `?limit=2&email=${label}${cursor ? `&cursor=${cursor}` : ''}`;
        const response = await listUsers(admin.access_token, query);
        expect(response.statusCode).toBe(200);
        const page = response.json<{ items: { id: string }[]; next_cursor: string | null }>();
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((user) => user.id));
        cursor = page.next_cursor;
      } while (cursor);
      expect(seen).toEqual(created.map((user) => user.id));
    });

    it('filters by role and by part of the email, case-insensitively', async () => {
      const admins = (await listUsers(admin.access_token, '?role=admin')).json();
      expect(admins.items.map((user: { email: string }) => user.email)).toContain(ADMIN.email);
      expect(admins.items.every((user: { role: string }) => user.role === 'admin')).toBe(true);
      const byEmail = (await listUsers(admin.access_token, '?email=ROOT@SHOP')).json();
      expect(byEmail.items).toEqual([expect.objectContaining({ email: ADMIN.email })]);
      expect(byEmail.next_cursor).toBeNull();
    });

    it('takes LIKE wildcards in the email filter literally', async () => {
      expect((await listUsers(admin.access_token, '?email=%25')).json().items).toEqual([]);
    });

    it('rejects bad query parameters with 400', async () => {
      expectError(await listUsers(admin.access_token, '?limit=0'), 400, 'VALIDATION_ERROR');
      expectError(await listUsers(admin.access_token, '?limit=1000'), 400, 'VALIDATION_ERROR');
      expectError(await listUsers(admin.access_token, '?limit=ten'), 400, 'VALIDATION_ERROR');
      expectError(await listUsers(admin.access_token, '?role=owner'), 400, 'VALIDATION_ERROR');
      expectError(await listUsers(admin.access_token, '?sort=email'), 400, 'VALIDATION_ERROR');
      expectError(await listUsers(admin.access_token, '?cursor=garbage'), 400, 'INVALID_CURSOR');
    });

    it('is forbidden to customers and managers (403) and to anonymous callers (401)', async () => {
      const customer = await signedInCustomer(identity.app);
      expectError(await listUsers(customer.access_token), 403, 'FORBIDDEN');
      const manager = await signedInCustomer(identity.app, 'manager');
      await patchUser(admin.access_token, manager.id, { role: 'manager' });
      const managerAgain = await login(identity.app, manager.email);
      expectError(await listUsers(managerAgain.access_token), 403, 'FORBIDDEN');
      expectError(
        await call(identity.app, { method: 'GET', url: `${API}/users` }),
        401,
        'AUTHENTICATION_REQUIRED',
      );
    });
  });

  describe('changing a user', () => {
    it("changes a user's role, which ends their sessions so no token keeps the old role", async () => {
      const user = await signedInCustomer(identity.app);
      const response = await patchUser(admin.access_token, user.id, { role: 'manager' });
      expect(response.statusCode).toBe(200);
      expect(response.json()).toMatchObject({ id: user.id, role: 'manager', active: true });
      expectError(await me(identity.app, user.access_token), 401, 'TOKEN_REVOKED');
      expectError(await refreshWith(identity.app, user.refresh_token), 401, 'REFRESH_TOKEN_REVOKED');
      const again = await login(identity.app, user.email);
      expect((await me(identity.app, again.access_token)).json().role).toBe('manager');
    });

    it('deactivating a user kills their access tokens at once, ends their sessions and blocks login with 403', async () => {
      const user = await signedInCustomer(identity.app);
      const response = await patchUser(admin.access_token, user.id, { active: false });
      expect(response.json()).toMatchObject({ active: false });

      expectError(await me(identity.app, user.access_token), 401, 'TOKEN_REVOKED');
      expectError(await refreshWith(identity.app, user.refresh_token), 401, 'REFRESH_TOKEN_REVOKED');
      expectError(
        await call(identity.app, {
          method: 'POST',
          url: `${API}/auth/login`,
          body: { email: user.email, password: PASSWORD },
        }),
        403,
        'ACCOUNT_DISABLED',
      );
      // Only someone with the right password learns the account is disabled.
      expectError(
        await call(identity.app, {
          method: 'POST',
          url: `${API}/auth/login`,
          body: { email: user.email, password: 'wrong password!' },
        }),
        401,
        'INVALID_CREDENTIALS',
      );
    });

    it('reactivating a user lets them sign in again', async () => {
      const user = await signedInCustomer(identity.app);
      await patchUser(admin.access_token, user.id, { active: false });
      expect((await patchUser(admin.access_token, user.id, { active: true })).json()).toMatchObject({
        active: true,
      });
      const again = await login(identity.app, user.email);
      expect((await me(identity.app, again.access_token)).statusCode).toBe(200);
    });

    it('an admin cannot demote or deactivate themself', async () => {
      expectError(
        await patchUser(admin.access_token, admin.id, { role: 'customer' }),
        403,
        'CANNOT_MODIFY_SELF',
      );
      expectError(
        await patchUser(admin.access_token, admin.id, { active: false }),
        403,
        'CANNOT_MODIFY_SELF',
      );
      expect((await me(identity.app, admin.access_token)).json()).toMatchObject({
        role: 'admin',
        active: true,
      });
    });

    it('a demoted admin loses admin rights at once', async () => {
      const other = await signedInCustomer(identity.app, 'second-admin');
      await patchUser(admin.access_token, other.id, { role: 'admin' });
      const otherAdmin = await login(identity.app, other.email);
      expect((await listUsers(otherAdmin.access_token)).statusCode).toBe(200);
      await patchUser(admin.access_token, other.id, { role: 'customer' });
      expectError(await listUsers(otherAdmin.access_token), 401, 'TOKEN_REVOKED');
    });

    it('answers 404 for an unknown or malformed user id', async () => {
      expectError(
        await patchUser(admin.access_token, '01900000-0000-7000-8000-000000000000', { active: true }),
        404,
        'USER_NOT_FOUND',
      );
      expectError(await patchUser(admin.access_token, 'not-a-uuid', { active: true }), 404, 'USER_NOT_FOUND');
    });

    it('rejects an empty change, unknown fields, wrong types and unknown roles with 400', async () => {
      const user = await registerUser(identity.app);
      expectError(await patchUser(admin.access_token, user.id, {}), 400, 'VALIDATION_ERROR');
      expectError(
        await patchUser(admin.access_token, user.id, { email: 'x@example.com' }),
        400,
        'VALIDATION_ERROR',
      );
      expectError(await patchUser(admin.access_token, user.id, { active: 'false' }), 400, 'VALIDATION_ERROR');
      expectError(await patchUser(admin.access_token, user.id, { role: 'owner' }), 400, 'VALIDATION_ERROR');
    });

    it('is forbidden to a non-admin (403)', async () => {
      const customer = await signedInCustomer(identity.app);
      expectError(await patchUser(customer.access_token, customer.id, { role: 'admin' }), 403, 'FORBIDDEN');
    });

    it('an admin token whose user lost the role in the database is refused (403)', async () => {
      const other = await signedInCustomer(identity.app, 'stale-admin');
      await patchUser(admin.access_token, other.id, { role: 'admin' });
      const stale = await login(identity.app, other.email);
      await identity.database.query(`update identity.users set role = 'customer' where id = $1`, [other.id]);
      expectError(await listUsers(stale.access_token), 403, 'FORBIDDEN');
    });
  });
});
