import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { dropDatabase, recreateDatabase } from '../lib/backends.js';
import { diedReason, startScript } from '../lib/platform.js';
import { freePort, isListening } from '@bodega/testing';
import { ProcessGroup } from '../lib/processes.js';
import { answersOk, getJson, waitUntil } from '../lib/wait.js';
import { seedBaseline } from './seed.js';

const group = new ProcessGroup(fs.mkdtempSync(path.join(os.tmpdir(), 'bench-baseline-')));
const postgresUp = await isListening(5432);
const testDatabase = 'bodega_bench_baseline_test';

afterAll(async () => {
  await group.stopAll();
  if (postgresUp) await dropDatabase(testDatabase);
});

describe.skipIf(!postgresUp)('the bare baseline (needs PostgreSQL on 127.0.0.1:5432)', () => {
  it('serves static JSON and one seeded row by primary key, 404 for an unknown id', async () => {
    const databaseUrl = await recreateDatabase(testDatabase);
    const id = await seedBaseline(databaseUrl, 10);
    const port = await freePort();
    const server = fileURLToPath(new URL('server.ts', import.meta.url));
    const started = startScript(group, 'baseline', server, { PORT: String(port), DATABASE_URL: databaseUrl });
    const base = `http://127.0.0.1:${port}`;
    await waitUntil(() => answersOk(`${base}/static`), {
      what: 'the baseline',
      timeoutMs: 20_000,
      abandon: diedReason(started),
    });

    expect((await getJson(`${base}/static`)).body).toMatchObject({ email: 'static@bench.test' });
    const row = await getJson(`${base}/users/${id}`);
    expect(row.status).toBe(200);
    expect(row.body).toMatchObject({ id, role: 'customer', active: true });
    expect((await getJson(`${base}/users/00000000-0000-7000-8000-000000000000`)).status).toBe(404);

    expect(await started.stop()).toEqual({ code: 0, signal: null });
  });
});
