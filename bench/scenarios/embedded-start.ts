import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@bodega/testing';
import { commandName, processTree, readCpuMs, readMemory } from '../lib/proc.js';
import { diedReason, startCli } from '../lib/platform.js';
import { everyServiceUp } from '../lib/status.js';
import { getJson, waitUntil } from '../lib/wait.js';
import { describeStarts, type StartRun } from './embedded-start-report.js';
import type { Scenario, ScenarioContext } from './scenario.js';

/** Later runs measured on the same data dir; the report shows their median. */
const laterRuns = 3;
/** How long the idle platform runs after ready before its steady memory is read. */
const settleMs = 5_000;
/** The services `GET /api/v1/status` must report up before the platform counts as ready. */
const expectedServices = ['identity'];

/**
 * `npm start` cold: from spawning the process to the gateway's /api/v1/status reporting every service
 * up, first on a new data dir (PGlite initdb and every migration) and then again on the same dir.
 */
export const embeddedStart: Scenario = {
  name: 'embedded-start',
  title: 'Embedded mode: cold start and memory',
  async run(context) {
    const dataDir = path.join(context.workDir, 'embedded-data');
    fs.rmSync(dataDir, { recursive: true, force: true });
    const first = await startOnce(context, dataDir, 'first run (new data dir)');
    const later: StartRun[] = [];
    for (let run = 1; run <= laterRuns; run++)
      later.push(await startOnce(context, dataDir, `later run ${run}`));
    return describeStarts(first, later);
  },
};

async function startOnce(context: ScenarioContext, dataDir: string, label: string): Promise<StartRun> {
  const gatewayPort = await freePort();
  const identityPort = await freePort();
  const opsPort = await freePort();
  context.log(`embedded-start: ${label}`);
  const spawnedAt = performance.now();
  const platform = startCli(context.processes, 'embedded', ['start'], {
    BODEGA_DATA_DIR: dataDir,
    GATEWAY_PORT: String(gatewayPort),
    GATEWAY_OPS_PORT: String(opsPort),
    IDENTITY_PORT: String(identityPort),
    ADMIN_EMAIL: 'admin@bench.test',
    ADMIN_PASSWORD: 'bench-admin-password-0123',
  });
  try {
    const statusUrl = `http://127.0.0.1:${gatewayPort}/api/v1/status`;
    await waitUntil(
      async () => {
        const { status, body } = await getJson(statusUrl);
        return status === 200 && everyServiceUp(body, expectedServices);
      },
      {
        what: `${statusUrl} to report every service up`,
        timeoutMs: 120_000,
        intervalMs: 25,
        abandon: diedReason(platform),
      },
    );
    const readyMs = performance.now() - spawnedAt;
    const atReady = readMemory(platform.pid);
    // CPU time is what the start costs whatever else the machine runs; wall time is not.
    const cpuMs = processTree(platform.pid).reduce((sum, pid) => sum + readCpuMs(pid), 0);
    await sleep(settleMs);
    const tree = processTree(platform.pid);
    const settled = readMemory(platform.pid);
    const children = tree.slice(1).map((pid) => ({ ...readMemory(pid), name: commandName(pid) }));
    const exit = await platform.stop();
    return {
      label,
      readyMs,
      cpuMs,
      internalReadyMs: readySecondsFromLog(platform.logFile) * 1000,
      peakMib: settled.peakMib,
      rssAtReadyMib: atReady.rssMib,
      steadyMib: settled.rssMib,
      children: [...new Set(children.map((child) => child.name))],
      childrenRssMib: children.reduce((sum, memory) => sum + memory.rssMib, 0),
      exit: exit.code === 0 ? 'clean' : `code ${String(exit.code)}, signal ${String(exit.signal)}`,
    };
  } finally {
    await platform.stop();
  }
}

/** The CLI logs `ready_seconds` (measured inside the process, after module loading) once ready. */
export function readySecondsFromLog(file: string): number {
  const match = /"ready_seconds":\s*([\d.]+)/.exec(fs.readFileSync(file, 'utf8'));
  return match?.[1] ? Number(match[1]) : Number.NaN;
}
