/**
 * The platform end to end: identity behind the gateway, in embedded mode (one process, PGlite,
 * in-process bus, memory cache) and, when the real backends are configured, in distributed mode
 * (each service with its own PostgreSQL database, Redis and RabbitMQ).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { identity } from '@bodega/identity';
import { gateway } from '@bodega/gateway';
import { startEmbedded, startService, type RunningService, type ServiceDefinition } from '@bodega/kit';
import { silentLogger } from '@bodega/logging';
import { freshPglite, realBackends, throwawayPostgres, uniqueSuffix } from '@bodega/testing';

const services: ServiceDefinition[] = [identity, gateway];
// Response bodies are read loosely: each test asserts the fields it cares about.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = Record<string, any>;
const admin = { email: 'root@example.com', password: 'root password 1234' };
const baseEnv = {
  LOG_LEVEL: 'silent',
  PORT: '0',
  ADMIN_EMAIL: admin.email,
  ADMIN_PASSWORD: admin.password,
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
  RATE_LIMIT_MAX: '10000',
  AUTH_RATE_LIMIT_MAX: '10000',
};

interface Platform {
  url: string;
  close: () => Promise<void>;
}

async function embedded(): Promise<Platform> {
  const platform = await startEmbedded(services, {
    env: { ...baseEnv, BODEGA_DATA_DIR: `/tmp/bodega-platform-${uniqueSuffix()}` },
    logger: silentLogger(),
    pglite: await freshPglite(),
  });
  const door = platform.services.find((service) => service.name === 'gateway')!;
  return { url: door.url, close: platform.close };
}

async function distributed(): Promise<Platform> {
  const { postgres, redis, amqp } = realBackends();
  const database = await throwawayPostgres(postgres!);
  const shared = {
    ...baseEnv,
    REDIS_URL: redis,
    AMQP_URL: amqp,
    SERVICE_TOKEN_SECRET: 'a-test-secret-that-is-long-enough-0123456789',
    JWT_PRIVATE_KEY: (await import('node:crypto'))
      .generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
    BODEGA_DATA_DIR: `/tmp/bodega-platform-${uniqueSuffix()}`,
  };
  const started: RunningService[] = [];
  const identityService = await startService(services[0]!, {
    env: { ...shared, DATABASE_URL: database.url },
    logger: silentLogger(),
  });
  started.push(identityService);
  const door = await startService(services[1]!, {
    env: { ...shared, IDENTITY_URL: identityService.url },
    logger: silentLogger(),
  });
  started.push(door);
  return {
    url: door.url,
    close: async () => {
      for (const service of started.reverse()) await service.close();
      await database.drop();
    },
  };
}

const { postgres, redis, amqp } = realBackends();
const modes: [string, () => Promise<Platform>][] = [['embedded', embedded]];
if (postgres && redis && amqp) modes.push(['distributed', distributed]);

describe.each(modes)('the platform in %s mode', (_mode, start) => {
  let platform: Platform;
  beforeAll(async () => {
    platform = await start();
  }, 120_000);
  afterAll(async () => {
    await platform.close();
  });

  async function call(method: string, path: string, body?: unknown, token?: string) {
    const response = await fetch(`${platform.url}${path}`, {
      method,
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      body: text ? (JSON.parse(text) as Json) : {},
    };
  }

  it('reports every service up', async () => {
    const status = await call('GET', '/api/v1/status');
    expect(status.status).toBe(200);
    expect(status.body.status).toBe('ok');
    expect(status.body.services).toContainEqual(expect.objectContaining({ name: 'identity', status: 'up' }));
  });

  it('registers, signs in, reads and edits the profile, refreshes and signs out through the gateway', async () => {
    const email = `Shopper.${uniqueSuffix()}@Example.com`;
    const registered = await call('POST', '/api/v1/auth/register', {
      email,
      password: 'long enough password',
      name: 'Ada',
    });
    expect(registered.status).toBe(201);
    expect(registered.body.email).toBe(email.toLowerCase());
    expect(registered.headers.get('x-request-id')).toBeTruthy();

    const login = await call('POST', '/api/v1/auth/login', { email, password: 'long enough password' });
    expect(login.status).toBe(200);
    expect(login.body.token_type).toBe('Bearer');
    const me = await call('GET', '/api/v1/me', undefined, login.body.access_token);
    expect(me.body).toMatchObject({
      email: email.toLowerCase(),
      name: 'Ada',
      role: 'customer',
      active: true,
    });

    const renamed = await call('PATCH', '/api/v1/me', { name: 'Ada L.' }, login.body.access_token);
    expect(renamed.body.name).toBe('Ada L.');

    const refreshed = await call('POST', '/api/v1/auth/refresh', { refresh_token: login.body.refresh_token });
    expect(refreshed.status).toBe(200);
    const reused = await call('POST', '/api/v1/auth/refresh', { refresh_token: login.body.refresh_token });
    expect(reused.status).toBe(401);
    expect(reused.body.error.code).toBe('REFRESH_TOKEN_REUSED');
    // Reuse revoked the family: the access token of the rotated session is dead everywhere.
    const afterReuse = await call('GET', '/api/v1/me', undefined, refreshed.body.access_token);
    expect(afterReuse.status).toBe(401);
  });

  it('lets an admin deactivate a user, whose token then fails at the gateway and at identity', async () => {
    const email = `victim-${uniqueSuffix()}@example.com`;
    const user = await call('POST', '/api/v1/auth/register', { email, password: 'long enough password' });
    const session = await call('POST', '/api/v1/auth/login', { email, password: 'long enough password' });
    const root = await call('POST', '/api/v1/auth/login', admin);
    expect(root.body.user.role).toBe('admin');

    const forbidden = await call('GET', '/api/v1/users', undefined, session.body.access_token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');

    const deactivated = await call(
      'PATCH',
      `/api/v1/users/${user.body.id}`,
      { active: false },
      root.body.access_token,
    );
    expect(deactivated.status).toBe(200);
    expect(deactivated.body.active).toBe(false);
    const me = await call('GET', '/api/v1/me', undefined, session.body.access_token);
    expect(me.status).toBe(401);
    const login = await call('POST', '/api/v1/auth/login', { email, password: 'long enough password' });
    expect(login.status).toBeGreaterThanOrEqual(401);
    expect(login.status).toBeLessThan(500);
  });

  it('answers bad input with a 4xx in the standard error body, never a 5xx', async () => {
    const cases: [string, string, unknown][] = [
      ['POST', '/api/v1/auth/register', { email: 'not-an-email', password: 'long enough password' }],
      ['POST', '/api/v1/auth/register', { email: 'a@example.com', password: 'short' }],
      [
        'POST',
        '/api/v1/auth/register',
        { email: 'a@example.com', password: 'long enough password', role: 'admin' },
      ],
      ['POST', '/api/v1/auth/login', { email: 'nobody@example.com', password: 'long enough password' }],
      ['POST', '/api/v1/auth/login', { email: 42, password: [] }],
      ['GET', '/api/v1/me', undefined],
      ['GET', '/internal/anything', undefined],
    ];
    for (const [method, path, body] of cases) {
      const response = await call(method, path, body);
      expect(response.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      expect(response.body.error).toMatchObject({
        code: expect.any(String),
        message: expect.any(String),
        request_id: expect.any(String),
      });
    }
    const malformed = await fetch(`${platform.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"email":',
    });
    expect(malformed.status).toBe(400);
    const forged = await call('GET', '/api/v1/me', undefined, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.');
    expect(forged.status).toBe(401);
  });
});
