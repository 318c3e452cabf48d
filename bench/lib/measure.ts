import { cpuSpent } from './proc.js';
import type { LoadRun } from './load.js';

/** A load run plus the CPU each watched process spent per request during it. */
export interface MeasuredRun extends LoadRun {
  label: string;
  /** Milliseconds of CPU per completed request, by process name; `load generator` is the runner. */
  cpuMsPerRequest: Record<string, number>;
}

/** Runs load for the given seconds: autocannon (`runLoad`) or one request at a time (`runSequential`). */
export type Runner = (seconds: number) => Promise<LoadRun>;

/**
 * Warms up (JIT, pools, caches) without recording, then runs the measured load while reading the CPU
 * time of the `watched` processes (name: pid) and of this process (the load generator), so a table can
 * say where the CPU went per request.
 */
export async function measure(
  label: string,
  run: Runner,
  seconds: number,
  watched: Record<string, number>,
  warmupSeconds = 2,
  servers: Record<string, string> = {},
): Promise<MeasuredRun> {
  if (warmupSeconds > 0) await run(warmupSeconds);
  // Servers (`servers`: name -> command name, e.g. every PostgreSQL backend) are read alongside.
  const spent = cpuSpent(watched, servers);
  const ownBefore = process.cpuUsage();
  const result = await run(seconds);
  const own = process.cpuUsage(ownBefore);
  const perRequest = (ms: number) => (result.requests > 0 ? ms / result.requests : Number.NaN);
  const cpuMsPerRequest: Record<string, number> = {};
  for (const [name, ms] of Object.entries(spent())) cpuMsPerRequest[name] = perRequest(ms);
  cpuMsPerRequest['load generator'] = perRequest((own.user + own.system) / 1000);
  return { ...result, label, cpuMsPerRequest };
}
