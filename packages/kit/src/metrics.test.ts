import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import {
  cpuLimitCores,
  createMetricsRegistry,
  httpDurationBuckets,
  memoryLimitBytes,
  observeDatabasePool,
  type ResourceLimitSources,
} from './metrics.js';

async function seriesValue(text: string, name: string): Promise<number | undefined> {
  const line = text
    .split('\n')
    .find((candidate) => candidate.startsWith(`${name}{`) || candidate.startsWith(`${name} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('a service registry', () => {
  it('carries the runtime series the dashboards and alerts read, labelled with the service', async () => {
    const text = await createMetricsRegistry('catalog').metrics();
    for (const name of [
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
      'nodejs_eventloop_lag_p99_seconds',
      'process_cpu_limit_cores',
      'process_memory_limit_bytes',
      'nodejs_heap_size_limit_bytes',
    ]) {
      expect(text, name).toMatch(new RegExp(`^${name}\\{[^}]*service="catalog"`, 'm'));
    }
    expect(await seriesValue(text, 'process_cpu_limit_cores')).toBeGreaterThan(0);
    expect(await seriesValue(text, 'nodejs_heap_size_limit_bytes')).toBeGreaterThan(
      (await seriesValue(text, 'nodejs_heap_size_used_bytes')) ?? Infinity,
    );
  });

  it('has a latency bucket at each latency objective (300 ms and 500 ms)', () => {
    expect(httpDurationBuckets).toContain(0.3);
    expect(httpDurationBuckets).toContain(0.5);
  });
});

describe('resource limits', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-cgroup-'));
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  const sources = (dir: string, memory?: number): ResourceLimitSources => ({
    cgroupRoot: dir,
    constrainedMemory: () => memory,
    totalMemory: () => 8 * 2 ** 30,
    cpus: () => 4,
  });
  const cgroup = (name: string, files: Record<string, string>) => {
    const dir = path.join(root, name);
    for (const [file, content] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), content);
    }
    return dir;
  };

  it('reads a cgroup v2 CPU quota, and the machine when the quota is "max"', () => {
    expect(cpuLimitCores(sources(cgroup('v2', { 'cpu.max': '150000 100000\n' })))).toBe(1.5);
    expect(cpuLimitCores(sources(cgroup('v2-max', { 'cpu.max': 'max 100000\n' })))).toBe(4);
  });

  it('reads a cgroup v1 CPU quota, and the machine when it is -1', () => {
    const limited = cgroup('v1', { 'cpu/cpu.cfs_quota_us': '50000', 'cpu/cpu.cfs_period_us': '100000' });
    expect(cpuLimitCores(sources(limited))).toBe(0.5);
    const unlimited = cgroup('v1-none', { 'cpu/cpu.cfs_quota_us': '-1', 'cpu/cpu.cfs_period_us': '100000' });
    expect(cpuLimitCores(sources(unlimited))).toBe(4);
  });

  it('takes the machine when there is no cgroup at all, and never more than the machine', () => {
    expect(cpuLimitCores(sources(path.join(root, 'missing')))).toBe(4);
    expect(cpuLimitCores(sources(cgroup('v2-big', { 'cpu.max': '1600000 100000' })))).toBe(4);
  });

  it('takes the cgroup memory limit when there is one, else the machine memory', () => {
    expect(memoryLimitBytes(sources(root, 512 * 2 ** 20))).toBe(512 * 2 ** 20);
    expect(memoryLimitBytes(sources(root, undefined))).toBe(8 * 2 ** 30);
    expect(memoryLimitBytes(sources(root, 0))).toBe(8 * 2 ** 30);
    // cgroup v1 reports "no limit" as a number near 2^64.
    expect(memoryLimitBytes(sources(root, 2 ** 64))).toBe(8 * 2 ** 30);
  });
});

describe.each(databaseBackends())('database pool use on $name', (backend) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await backend.create('kitpool');
  });
  afterAll(async () => {
    await test.cleanup();
  });

  it('is read on scrape: open, idle, waiting and the pool size', async () => {
    const registry = createMetricsRegistry('orders');
    observeDatabasePool(registry, test.database);
    // Registering again (the runtime and an app both asking) changes nothing.
    observeDatabasePool(registry, test.database);
    await test.database.query('select 1');

    const text = await registry.metrics();
    const open = await seriesValue(text, 'db_pool_connections');
    const idle = await seriesValue(text, 'db_pool_connections_idle');
    const max = await seriesValue(text, 'db_pool_connections_max');
    expect(open).toBeGreaterThanOrEqual(1);
    expect(idle).toBeLessThanOrEqual(open!);
    // PGlite is one connection; the test helpers' PostgreSQL pools hold five.
    expect(max).toBe(test.database.kind === 'postgres' ? 5 : 1);
    expect(await seriesValue(text, 'db_pool_clients_waiting')).toBe(0);
  });

  it.runIf(backend.name === 'postgres')('shows clients waiting while every connection is busy', async () => {
    const registry = createMetricsRegistry('orders');
    observeDatabasePool(registry, test.database);
    // One sleep more than the pool holds: one query waits for a connection.
    const size = test.database.poolStats().max;
    const sleeps = Array.from({ length: size + 1 }, () => test.database.query('select pg_sleep(1)'));
    await expect
      .poll(async () => seriesValue(await registry.metrics(), 'db_pool_clients_waiting'), {
        timeout: 5_000,
        interval: 20,
      })
      .toBe(1);
    expect(await seriesValue(await registry.metrics(), 'db_pool_connections_idle')).toBe(0);
    await Promise.all(sleeps);
  });
});
