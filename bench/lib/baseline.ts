import { fileURLToPath } from 'node:url';
import { seedBaseline } from '../baseline/seed.js';
import { recreateDatabase } from './backends.js';
import { diedReason, startScript } from './platform.js';
import { freePort } from '@bodega/testing';
import type { ProcessGroup } from './processes.js';
import { answersOk, waitUntil } from './wait.js';

const baselineServer = fileURLToPath(new URL('../baseline/server.ts', import.meta.url));

/** The bare baseline running, with the id of the row its primary-key route reads. */
export interface Baseline {
  url: string;
  pid: number;
  rowId: string;
}

/**
 * The bare Fastify + `pg` process every distributed scenario measures against, on a freshly seeded
 * database of its own: `/static` answers static JSON, `/users/{rowId}` one primary-key read.
 */
export async function startBaseline(processes: ProcessGroup): Promise<Baseline> {
  const databaseUrl = await recreateDatabase('bodega_bench_baseline');
  const rowId = await seedBaseline(databaseUrl);
  const port = await freePort();
  const started = startScript(processes, 'baseline', baselineServer, {
    PORT: String(port),
    DATABASE_URL: databaseUrl,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(() => answersOk(`${url}/static`), {
    what: 'the bare baseline',
    timeoutMs: 30_000,
    abandon: diedReason(started),
  });
  return { url, pid: started.pid, rowId };
}
