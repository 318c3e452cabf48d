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
      // The seeding below is about `bodega seed`: no demo past beside it (the next test loads one).
      DEMO_HISTORY: 'false',
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

  it('gives a first start a past the admin can read: sales, top products and a funnel down to paid', async () => {
    const ports = await servicePorts();
    const dataDir = tempDataDir();
    const env = {
      ...quietEnv,
      LOG_LEVEL: 'info',
      BODEGA_DATA_DIR: dataDir,
      DEMO_CATALOG_SIZE: '20',
      ...ports.env,
      ADMIN_EMAIL: 'admin@example.com',
      ADMIN_PASSWORD: 'a long admin password',
    };
    const start = () => {
      const child = spawn(process.execPath, [...nodeArgs, 'start'], {
        cwd: root,
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      running = child;
      const output = { text: '' };
      child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
      return { child, output };
    };
    const first = start();
    await expect.poll(() => first.output.text, { timeout: 60_000 }).toContain('Bodega is ready in');
    await expect
      .poll(() => first.output.text, { timeout: 90_000 })
      .toMatch(/demo history (loaded|not loaded)/);
    const loaded = first.output.text.split('\n').find((line) => line.includes('demo history'))!;
    expect(JSON.parse(loaded)).toMatchObject({ orders: 400, sessions: 63, paid: 3 });

    const base = `http://127.0.0.1:${ports.ports.gateway}`;
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD }),
    });
    const { access_token } = (await login.json()) as { access_token: string };
    const report = async <T>(path: string, days: number) => {
      const to = new Date(Date.now() + 3_600_000).toISOString();
      const from = new Date(Date.now() - days * 86_400_000).toISOString();
      const url = `${base}/api/v1/analytics/${path}${path.includes('?') ? '&' : '?'}from=${from}&to=${to}`;
      return (await (await fetch(url, { headers: { authorization: `Bearer ${access_token}` } })).json()) as T;
    };
    // Analytics learns of the orders from their events: wait until all 403 are in.
    await expect
      .poll(async () => (await report<{ totals: { orders: number } }>('sales', 366)).totals.orders, {
        timeout: 30_000,
      })
      .toBe(403);
    expect((await report<{ items: unknown[] }>('top-products', 30)).items.length).toBeGreaterThan(0);
    const funnel = await report<{ steps: { step: string; count: number }[] }>('funnel', 7);
    const steps = Object.fromEntries(funnel.steps.map((step) => [step.step, step.count]));
    expect(steps.view).toBe(63);
    expect(steps.add_to_cart).toBeGreaterThan(steps.begin_checkout!);
    expect(steps.begin_checkout).toBeGreaterThan(steps.paid!);
    expect(steps.paid).toBe(3);

    // Only the first start: a restart on the same data keeps its history as it is.
    first.child.kill('SIGINT');
    expect(await exited(first.child)).toBe(0);
    const second = start();
    await expect.poll(() => second.output.text, { timeout: 60_000 }).toContain('Bodega is ready in');
    expect(second.output.text).not.toContain('demo history');
    second.child.kill('SIGINT');
    expect(await exited(second.child)).toBe(0);
  }, 240_000);

  it('exits after SIGTERM when nothing reads its stdout any more, losing log lines, not the exit', async () => {
    const ports = await servicePorts();
    const env = {
      ...quietEnv,
      LOG_LEVEL: 'info',
      BODEGA_DATA_DIR: tempDataDir(),
      DEMO_CATALOG_SIZE: '0',
      ...ports.env,
    };
    const child = spawn(process.execPath, [...nodeArgs, 'start'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    running = child;
    // The reader stops reading (an npm whose terminal went, a stalled log pipe): the pipe fills up.
    child.stdout.pause();
    const base = `http://127.0.0.1:${ports.ports.gateway}`;
    await waitForStatus(base, 60_000);
    // Every request is a log line in the gateway and in catalog: far more text than a pipe holds.
    const logged = 'x'.repeat(6_000);
    for (let i = 0; i < 150; i++) await (await fetch(`${base}/api/v1/products?q=${logged}`)).arrayBuffer();

    const exit = exited(child);
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
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
