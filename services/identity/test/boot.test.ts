import fs from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadMigrations, migrateDown, migrateUp, migrationStatus } from '@bodega/db';
import { startService } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import { databaseBackends, testServiceKeys, type TestDatabase } from '@bodega/testing';
import { identity as identityService } from '../src/index.js';
import { API, call, expectError, login, me, refreshWith, registerUser, uniqueEmail } from './support/api.js';
import {
  fastArgon2,
  newPrivateKeyPem,
  startIdentity,
  type IdentityUnderTest,
  type StartOptions,
} from './support/identity.js';

const ADMIN = { ADMIN_EMAIL: 'Boss@Shop.example', ADMIN_PASSWORD: 'the first admin password' };

describe.each(databaseBackends())('starting identity on $name', (backend) => {
  // One database for the whole file, emptied between tests: a fresh PGlite costs seconds.
  let database: TestDatabase;
  const started: IdentityUnderTest[] = [];
  const start = async (options: StartOptions = {}) => {
    const service = await startIdentity(backend, { database, ...options });
    started.push(service);
    return service;
  };
  /** Stops `first` and starts identity again on its database and data directory. */
  const restart = async (first: IdentityUnderTest, env: Record<string, string> = {}) => {
    await first.stop();
    const sameKey: Record<string, string> =
      first.privateKeyPem === undefined ? {} : { JWT_PRIVATE_KEY: first.privateKeyPem };
    return start({ dataDir: first.dataDir, captureLogs: true, env: { ...sameKey, ...env } });
  };

  beforeAll(async () => {
    database = await backend.create('identity');
  });
  afterAll(async () => {
    await database.cleanup();
  });
  afterEach(async () => {
    for (const service of started.reverse()) {
      await service.stop();
      fs.rmSync(service.dataDir, { recursive: true, force: true });
    }
    started.length = 0;
    await database.database.query('drop schema if exists identity cascade');
    await database.database.query(`delete from public.bodega_migrations where service = 'identity'`);
  });

  it('serves /healthz, /readyz with its dependencies, and /metrics', async () => {
    const identity = await start();
    expect((await call(identity.app, { method: 'GET', url: '/healthz' })).json()).toEqual({
      status: 'ok',
      service: 'identity',
    });
    const ready = await call(identity.app, { method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      status: 'ready',
      checks: { database: 'ok', cache: 'ok', bus: 'ok' },
    });
    const metrics = await call(identity.app, { method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('http_requests_total');
  });

  it('answers an unknown route with 404 in the standard error body', async () => {
    const identity = await start();
    expectError(await call(identity.app, { method: 'GET', url: `${API}/nothing-here` }), 404, 'NOT_FOUND');
  });

  it('creates the admin from ADMIN_EMAIL/ADMIN_PASSWORD and announces it as registered', async () => {
    const identity = await start({ env: ADMIN });
    const admin = await login(identity.app, 'boss@shop.example', ADMIN.ADMIN_PASSWORD);
    expect((await me(identity.app, admin.access_token)).json()).toMatchObject({
      email: 'boss@shop.example',
      role: 'admin',
      name: 'Administrator',
    });
    const events = await identity.database.query(
      `select 1 from identity.outbox where envelope->'data'->>'user_id' = $1`,
      [admin.id],
    );
    expect(events).toHaveLength(1);
  });

  it('never overwrites an existing admin password when ADMIN_PASSWORD changes', async () => {
    const first = await start({ env: ADMIN });
    const second = await restart(first, { ...ADMIN, ADMIN_PASSWORD: 'a different password' });
    await login(second.app, ADMIN.ADMIN_EMAIL, ADMIN.ADMIN_PASSWORD);
    expectError(
      await call(second.app, {
        method: 'POST',
        url: `${API}/auth/login`,
        body: { email: ADMIN.ADMIN_EMAIL, password: 'a different password' },
      }),
      401,
      'INVALID_CREDENTIALS',
    );
    const admins = await second.database.query(`select 1 from identity.users where role = 'admin'`);
    expect(admins).toHaveLength(1);
  });

  it('leaves an existing non-admin account named by ADMIN_EMAIL unchanged, and says so', async () => {
    const first = await start();
    const email = uniqueEmail('taken');
    await registerUser(first.app, email);
    const second = await restart(first, { ADMIN_EMAIL: email, ADMIN_PASSWORD: 'some admin password' });
    const [row] = await second.database.query<{ role: string }>(
      'select role from identity.users where email = $1',
      [email],
    );
    expect(row?.role).toBe('customer');
    expect(
      second.logs.some((line) => line.level === 'warn' && String(line.msg).includes('not an admin')),
    ).toBe(true);
  });

  it('refuses to start with only one of ADMIN_EMAIL and ADMIN_PASSWORD, or with a weak admin password', async () => {
    await expect(start({ env: { ADMIN_EMAIL: 'a@example.com' } })).rejects.toThrow(
      /ADMIN_EMAIL and ADMIN_PASSWORD must be set together/,
    );
    await expect(start({ env: { ADMIN_EMAIL: 'a@example.com', ADMIN_PASSWORD: 'short' } })).rejects.toThrow(
      /at least 10 characters/,
    );
    await expect(
      start({ env: { ADMIN_EMAIL: 'nope', ADMIN_PASSWORD: 'long enough password' } }),
    ).rejects.toThrow(/email address is not valid/);
  });

  it('keeps sessions across a restart: the same key verifies old tokens and refresh tokens still rotate', async () => {
    const first = await start();
    const email = uniqueEmail();
    await registerUser(first.app, email);
    const session = await login(first.app, email);
    const second = await restart(first);
    expect(second.signingKey.kid).toBe(first.signingKey.kid);
    expect((await me(second.app, session.access_token)).statusCode).toBe(200);
    expect((await refreshWith(second.app, session.refresh_token)).statusCode).toBe(200);
  });

  it('upgrades a password hash at login after the argon2 costs were raised', async () => {
    const first = await start();
    const email = uniqueEmail();
    await registerUser(first.app, email);
    const second = await restart(first, { ARGON2_MEMORY_KIB: '2048' });
    await login(second.app, email);
    const [row] = await second.database.query<{ password_hash: string }>(
      'select password_hash from identity.users where email = $1',
      [email],
    );
    expect(row?.password_hash).toContain('m=2048');
    await login(second.app, email);
  });

  if (backend.name === 'pglite') {
    it('in embedded mode without ADMIN_* creates admin@bodega.local with a random password, shown once and never again', async () => {
      const first = await start({ captureLogs: true });
      const shown = first.logs.filter((line) => String(line.msg).includes('generated password'));
      expect(shown).toHaveLength(1);
      expect(shown[0]?.level).toBe('warn');
      const password = /generated password (\S+)/.exec(String(shown[0]?.msg))?.[1];
      expect(password).toMatch(/^[A-Za-z0-9_-]{24}$/);
      const admin = await login(first.app, 'admin@bodega.local', password);
      expect((await me(first.app, admin.access_token)).json().role).toBe('admin');

      const second = await restart(first);
      expect(second.logs.filter((line) => String(line.msg).includes('generated password'))).toHaveLength(0);
      expect(await second.database.query(`select 1 from identity.users where role = 'admin'`)).toHaveLength(
        1,
      );
    });

    it('in embedded mode leaves admin@bodega.local alone when a non-admin holds it, and says so', async () => {
      const first = await start();
      await first.database.query(
        `update identity.users set role = 'customer' where email = 'admin@bodega.local'`,
      );
      const second = await restart(first);
      expect(await second.database.query(`select 1 from identity.users where role = 'admin'`)).toHaveLength(
        0,
      );
      expect(
        second.logs.some(
          (line) => line.level === 'warn' && String(line.msg).includes('taken by a non-admin'),
        ),
      ).toBe(true);
    });

    it('in embedded mode generates the signing key once and keeps it in BODEGA_DATA_DIR/keys', async () => {
      const identity = await start();
      const jwks = (await call(identity.app, { method: 'GET', url: '/.well-known/jwks.json' })).json();
      expect(jwks.keys[0].kid).toBe(identity.signingKey.kid);
    });

    it('in embedded mode signs with JWT_PRIVATE_KEY when one is given', async () => {
      const identity = await start({ env: { JWT_PRIVATE_KEY: await newPrivateKeyPem() } });
      const session = await login(identity.app, (await registerUser(identity.app)).email);
      expect((await me(identity.app, session.access_token)).statusCode).toBe(200);
    });
  }

  if (backend.name === 'postgres') {
    it('in distributed mode refuses to start without a signing key, naming the setting', async () => {
      const database = await backend.create('identity');
      try {
        await expect(
          startService(identityService, {
            env: {
              DATABASE_URL: database.url,
              ...testServiceKeys().env('identity'),
              LOG_LEVEL: 'silent',
              ...fastArgon2,
            },
            logger: silentLogger(),
            listen: false,
          }),
        ).rejects.toThrow(/JWT_PRIVATE_KEY: not set/);
      } finally {
        await database.cleanup();
      }
    });

    it('in distributed mode opens at most DATABASE_POOL_MAX connections, and says so in /metrics', async () => {
      const identity = await start({ env: { DATABASE_POOL_MAX: '3' } });
      const metrics = await call(identity.app, { method: 'GET', url: '/metrics' });
      expect(metrics.body).toMatch(/^db_pool_connections_max\{[^}]*\} 3$/m);
    });

    it('in distributed mode warns when no admin exists and none is configured', async () => {
      const identity = await start({ captureLogs: true });
      expect(
        identity.logs.some(
          (line) => line.level === 'warn' && String(line.msg).includes('No admin account exists'),
        ),
      ).toBe(true);
      expect(await identity.database.query(`select 1 from identity.users`)).toHaveLength(0);
    });
  }
});

describe.each(databaseBackends())('identity migrations on $name', (backend) => {
  it('go up, all the way down, and up again', async () => {
    const test = await backend.create('identity');
    try {
      const options = { service: 'identity', migrations: loadMigrations(identityService.migrationsDir!) };
      const tables = async () =>
        (
          await test.database.query<{ table_name: string }>(
            `select table_name from information_schema.tables where table_schema = 'identity' order by table_name`,
          )
        ).map((row) => row.table_name);

      expect(await migrateUp(test.database, options)).toEqual(['0000_init']);
      expect(await tables()).toEqual(['outbox', 'refresh_token_families', 'refresh_tokens', 'users']);

      expect(await migrateDown(test.database, { ...options, steps: Infinity })).toEqual(['0000_init']);
      expect(await tables()).toEqual([]);
      expect(
        await test.database.query(`select 1 from information_schema.schemata where schema_name = 'identity'`),
      ).toHaveLength(0);
      expect((await migrationStatus(test.database, options)).every((m) => !m.applied)).toBe(true);

      expect(await migrateUp(test.database, options)).toEqual(['0000_init']);
      expect(await tables()).toEqual(['outbox', 'refresh_token_families', 'refresh_tokens', 'users']);
    } finally {
      await test.cleanup();
    }
  });
});
