import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  deleteRabbitTopology,
  freePort,
  realBackends,
  throwawayPostgres,
  uniqueSuffix,
} from '@bodega/testing';

const root = path.resolve(import.meta.dirname, '..', '..', '..');
// The command as `npm start` and `npm run bodega` run it: the workspace's bundle (ADR 0015), brought up
// to date from the sources first.
const nodeArgs = [path.join(root, 'node_modules', '.cache', 'bodega', 'cli.mjs')];
beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/cli-build.mjs'], { cwd: root, encoding: 'utf8' });
  expect(build.status, build.stderr).toBe(0);
});
const quietEnv: NodeJS.ProcessEnv = {
  ...Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !['DATABASE_URL', 'REDIS_URL', 'AMQP_URL'].includes(key)),
  ),
  LOG_LEVEL: 'warn',
  ARGON2_MEMORY_KIB: '1024',
  ARGON2_TIME_COST: '1',
};

function bodega(args: string[], env: NodeJS.ProcessEnv) {
  return spawnSync(process.execPath, [...nodeArgs, ...args], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
}

function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-cli-'));
}

async function waitForStatus(
  url: string,
  timeoutMs: number,
): Promise<{ status: string; services: { name: string; status: string }[] }> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(`${url}/api/v1/status`);
      const body = (await response.json()) as {
        status: string;
        services: { name: string; status: string }[];
      };
      if (body.status === 'ok') return body;
      last = body;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`platform not ready: ${JSON.stringify(last)}`);
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else
      child.once('exit', (code) => {
        resolve(code);
      });
  });
}

/** The platform's services in start order, the gateway last; those with a database of their own. */
const serviceNames = ['identity', 'catalog', 'search', 'payments', 'orders', 'analytics', 'gateway'];
const dataServices = serviceNames.filter((name) => name !== 'gateway');
/** Every consumer of events, whose queues a distributed run leaves behind to delete. */
const consumers = ['search', 'orders', 'analytics'];

/** A free port for every service, and the `<SERVICE>_PORT` and `<SERVICE>_URL` variables that assign them. */
async function servicePorts() {
  const ports: Record<string, number> = {};
  for (const name of serviceNames) ports[name] = await freePort();
  const env: Record<string, string> = {};
  for (const name of serviceNames) {
    env[`${name.toUpperCase()}_PORT`] = String(ports[name]);
    if (name !== 'gateway') env[`${name.toUpperCase()}_URL`] = `http://127.0.0.1:${ports[name]}`;
  }
  return { ports: ports as Record<string, number> & { gateway: number; catalog: number }, env };
}

let running: ChildProcess | undefined;
afterEach(async () => {
  if (running && running.exitCode === null) {
    running.kill('SIGKILL');
    await exited(running);
  }
  running = undefined;
});

describe('the bodega command', () => {
  it('prints its usage and refuses unknown commands and services', () => {
    expect(bodega(['--help'], quietEnv).stdout).toContain('bodega start');
    const unknown = bodega(['frobnicate'], quietEnv);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
    const badService = bodega(['migrate', 'up', 'nope'], { ...quietEnv, BODEGA_DATA_DIR: tempDataDir() });
    expect(badService.status).toBe(2);
    expect(badService.stderr).toContain("Unknown service 'nope'");
    expect(bodega(['start', '--services'], quietEnv).stderr).toContain(
      'set DATABASE_URL, REDIS_URL, AMQP_URL',
    );
  }, 120_000);

  it('migrates a service up, down and up again on the embedded database', () => {
    const env = { ...quietEnv, BODEGA_DATA_DIR: tempDataDir() };
    expect(bodega(['migrate', 'status', 'identity'], env).stdout).toMatch(/^pending {2}0000_/m);
    expect(bodega(['migrate', 'up', 'identity'], env).stdout).toMatch(/^applied identity 0000_/m);
    expect(bodega(['migrate', 'up', 'identity'], env).stdout).toContain('identity: nothing to do');
    expect(bodega(['migrate', 'down', 'identity', '--steps', 'all'], env).stdout).toMatch(
      /^reverted identity 0000_/m,
    );
    expect(bodega(['migrate', 'up', 'identity'], env).stdout).toMatch(/^applied identity 0000_/m);
    expect(bodega(['migrate', 'down', 'identity', '--steps', '0'], env).status).toBe(2);
  }, 120_000);

  it('starts the embedded platform, reports every service up and stops cleanly on Ctrl-C', async () => {
    const ports = await servicePorts();
    const env = {
      ...quietEnv,
      LOG_LEVEL: 'info',
      BODEGA_DATA_DIR: tempDataDir(),
      DEMO_CATALOG_SIZE: '20',
      ...ports.env,
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'a long admin password',
    };
    const child = spawn(process.execPath, [...nodeArgs, 'start'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running = child;
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const base = `http://127.0.0.1:${ports.ports.gateway}`;
    const report = await waitForStatus(base, 60_000);
    expect(report.services.map((service) => service.name)).toEqual([
      'gateway',
      'identity',
      'catalog',
      'search',
      'orders',
      'payments',
      'analytics',
    ]);
    await expect.poll(() => output, { timeout: 10_000 }).toContain('Bodega is ready in');

    const status = bodega(['status', '--url', base], env);
    expect(status.status).toBe(0);
    expect(status.stdout).toContain('platform: ok');

    // The demo catalog was loaded at first start; seeding adds a deterministic catalog beside it.
    const demo = (await (await fetch(`${base}/api/v1/products?limit=100`)).json()) as { items: unknown[] };
    expect(demo.items).toHaveLength(20);
    const seeded = bodega(['seed', '--products', '50', '--seed', '7', '--batch', '20'], {
      ...env,
      CATALOG_URL: `http://127.0.0.1:${ports.ports.catalog}`,
    });
    expect(seeded.stderr).toContain('50/50 products');
    expect(seeded.stdout).toMatch(/^seeded 50 products \(0 already there\)/m);
    expect(bodega(['seed', '--products', 'many'], env).status).toBe(2);

    // A year of past orders of that catalog, once: the same seed on the same day adds nothing.
    const seedOrders = () =>
      bodega(['seed', '--orders', '120', '--seed', '7', '--batch', '50'], {
        ...env,
        CATALOG_URL: `http://127.0.0.1:${ports.ports.catalog}`,
        ORDERS_URL: `http://127.0.0.1:${ports.ports.orders}`,
      });
    const orders = seedOrders();
    expect(orders.stderr).toContain('120/120 orders');
    expect(orders.stdout).toMatch(/^seeded 120 orders \(0 already there\)/m);
    expect(orders.stdout).not.toContain('products');
    expect(seedOrders().stdout).toMatch(/^seeded 0 orders \(120 already there\)/m);

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
    expect(output).toContain('"msg":"stopped"');
    expect(bodega(['status', '--url', base], env).stdout).toContain('does not answer');
  }, 120_000);

  it.runIf(realBackends().postgres && realBackends().redis && realBackends().amqp)(
    'starts every service as its own process on the real backends',
    async () => {
      const { postgres, redis, amqp } = realBackends();
      const databases = await Promise.all(dataServices.map(() => throwawayPostgres(postgres!)));
      const databaseUrls = Object.fromEntries(
        dataServices.map((name, index) => [`${name.toUpperCase()}_DATABASE_URL`, databases[index]!.url]),
      );
      const exchange = `bodega-cli-${uniqueSuffix()}`;
      try {
        const ports = await servicePorts();
        const env = {
          ...quietEnv,
          DATABASE_URL: postgres,
          ...databaseUrls,
          REDIS_URL: redis,
          AMQP_URL: amqp,
          AMQP_EXCHANGE: exchange,
          RATE_LIMIT_NAMESPACE: `bodega:test:${uniqueSuffix()}:rate-limit:`,
          BODEGA_DATA_DIR: tempDataDir(),
          ...ports.env,
          ADMIN_EMAIL: `admin-${uniqueSuffix()}@example.com`,
          ADMIN_PASSWORD: 'a long admin password',
        };
        const child = spawn(process.execPath, [...nodeArgs, 'start', '--services'], {
          cwd: root,
          env,
          stdio: 'ignore',
        });
        running = child;
        const report = await waitForStatus(`http://127.0.0.1:${ports.ports.gateway}`, 90_000);
        expect(report.services.every((service) => service.status === 'up')).toBe(true);
        child.kill('SIGTERM');
        expect(await exited(child)).toBe(0);
      } finally {
        await Promise.all(databases.map((database) => database.drop()));
        await deleteRabbitTopology(amqp!, {
          exchanges: [exchange],
          consumers: consumers.map((consumer) => ({ exchange, consumer })),
        });
      }
    },
    180_000,
  );
});
