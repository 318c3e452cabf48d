import { generateKeyPairSync } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { backends, recreateDatabase, requireBackends } from './backends.js';
import type { ProcessGroup, Started } from './processes.js';
import { diedReason, startCli } from './platform.js';
import { deleteRabbitTopology, freePort, testServiceKeys, type TestServiceKeys } from '@bodega/testing';
import { answersOk, waitUntil } from './wait.js';

/** A service of the distributed platform, started by the bench. */
export interface RunningService {
  url: string;
  process: Started;
}

/** Secrets the services of one run share: generated per run, kept in its work dir. */
export interface Secrets {
  /** A service-token key per service and the CLI's (docs/adr/0016). */
  serviceKeys: TestServiceKeys;
  signingKeyFile: string;
}

export function createSecrets(workDir: string): Secrets {
  const signingKeyFile = path.join(workDir, 'identity-signing-key.pem');
  const { privateKey } = generateKeyPairSync('ed25519');
  fs.writeFileSync(signingKeyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  return { serviceKeys: testServiceKeys(), signingKeyFile };
}

const identityDatabase = 'bodega_bench_identity';

/**
 * identity as its own process in distributed mode, on a freshly created database of its own. Argon2
 * costs are left at their production defaults: no ARGON2_* variable is passed.
 */
export async function startIdentity(
  processes: ProcessGroup,
  secrets: Secrets,
  extraEnv: Record<string, string> = {},
): Promise<RunningService & { databaseUrl: string }> {
  await requireBackends();
  const databaseUrl = await recreateDatabase(identityDatabase);
  const port = await freePort();
  const started = startCli(processes, 'identity', ['start', '--service', 'identity'], {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: backends.redis,
    AMQP_URL: backends.amqp,
    JWT_PRIVATE_KEY_FILE: secrets.signingKeyFile,
    ...secrets.serviceKeys.env('identity'),
    ADMIN_EMAIL: 'admin@bench.test',
    ADMIN_PASSWORD: 'bench-admin-password-0123',
    ...extraEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(() => answersOk(`${url}/readyz`), {
    what: 'identity /readyz',
    timeoutMs: 60_000,
    abandon: diedReason(started),
  });
  return { url, process: started, databaseUrl };
}

/** A limit no bench reaches: the gateway's limits still run (and hit Redis), they just never refuse. */
const unreachedLimit = String(1_000_000_000);

/**
 * The gateway as its own process in front of `identityUrl`, rate limits raised out of the way.
 * `extraEnv` adds variables (e.g. NODE_OPTIONS for a profiling run).
 */
export async function startGateway(
  processes: ProcessGroup,
  secrets: Secrets,
  identityUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningService> {
  const port = await freePort();
  const started = startCli(processes, 'gateway', ['start', '--service', 'gateway'], {
    HOST: '127.0.0.1',
    PORT: String(port),
    OPS_PORT: String(await freePort()),
    IDENTITY_URL: identityUrl,
    REDIS_URL: backends.redis,
    AMQP_URL: backends.amqp,
    ...secrets.serviceKeys.env('gateway'),
    RATE_LIMIT_MAX: unreachedLimit,
    AUTH_RATE_LIMIT_MAX: unreachedLimit,
    LOGIN_RATE_LIMIT_MAX: unreachedLimit,
    ...extraEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(() => answersOk(`${url}/readyz`), {
    what: 'gateway /readyz',
    timeoutMs: 60_000,
    abandon: diedReason(started),
  });
  return { url, process: started };
}

/** A customer the bench logs in as. */
export interface BenchUser {
  email: string;
  password: string;
  accessToken: string;
}

/** Registers a customer through `baseUrl` (identity or the gateway) and logs in once. */
export async function registerAndLogin(baseUrl: string, email: string): Promise<BenchUser> {
  const password = 'bench-password-0123456789';
  const post = async (route: string, body: unknown) => {
    const response = await fetch(`${baseUrl}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${route} answered ${response.status}: ${text}`);
    return JSON.parse(text) as Record<string, unknown>;
  };
  await post('/api/v1/auth/register', { email, password, name: 'Bench User' });
  const session = await post('/api/v1/auth/login', { email, password });
  if (typeof session.access_token !== 'string') throw new Error('login answered without an access_token');
  return { email, password, accessToken: session.access_token };
}

/** The stored password hash of `email` in identity's database (it encodes the argon2 costs used). */
export async function storedPasswordHash(databaseUrl: string, email: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ password_hash: string }>(
      'SELECT password_hash FROM identity.users WHERE email = $1',
      [email],
    );
    const hash = rows[0]?.password_hash;
    if (!hash) throw new Error(`no user ${email} in identity.users`);
    return hash;
  } finally {
    await client.end();
  }
}

/**
 * A service that owns a database (catalog, search...) as its own process in distributed mode, on a
 * freshly created database `bodega_bench_<name>`.
 */
export async function startDataService(
  processes: ProcessGroup,
  secrets: Secrets,
  name: string,
  identityUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningService & { databaseUrl: string }> {
  const databaseUrl = await recreateDatabase(`bodega_bench_${name}`);
  const port = await freePort();
  const started = startCli(processes, name, ['start', '--service', name], {
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: databaseUrl,
    REDIS_URL: backends.redis,
    AMQP_URL: backends.amqp,
    IDENTITY_URL: identityUrl,
    ...secrets.serviceKeys.env(name),
    ...extraEnv,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(() => answersOk(`${url}/readyz`), {
    what: `${name} /readyz`,
    timeoutMs: 60_000,
    abandon: diedReason(started),
  });
  return { url, process: started, databaseUrl };
}

/**
 * Runs `run` on an exchange of its own (`bodega-bench-<time>`), so a run never meets another's
 * events, then deletes that exchange and the queues of `consumers` on it, whether the run passed or
 * failed.
 */
export async function onOwnExchange<T>(
  consumers: readonly string[],
  run: (exchange: string) => Promise<T>,
): Promise<T> {
  const exchange = `bodega-bench-${Date.now()}`;
  try {
    return await run(exchange);
  } finally {
    await deleteRabbitTopology(backends.amqp, {
      exchanges: [exchange],
      consumers: consumers.map((consumer) => ({ exchange, consumer })),
    });
  }
}
