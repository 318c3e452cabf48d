/** Health and readiness of the platform's processes, as an orchestrator's probes see them. */
import { getJson, waitUntil } from '../../../bench/lib/wait.js';
import type { FaultPlatform, ServiceName } from './fault-platform.js';

export { waitUntil };

export interface Readiness {
  status: number;
  checks: Record<string, string>;
}

/** `GET /readyz` of one service; an unreachable service reads as status 0. */
export async function readiness(platform: FaultPlatform, service: ServiceName): Promise<Readiness> {
  try {
    const { status, body } = await getJson(`${platform.services[service].url}/readyz`, 5_000);
    const checks = (body as { checks?: Record<string, string> }).checks ?? {};
    return { status, checks };
  } catch {
    return { status: 0, checks: {} };
  }
}

/** Whether `GET /healthz` answers 200: the process is alive and serving. */
export async function alive(platform: FaultPlatform, service: ServiceName): Promise<boolean> {
  try {
    return (await getJson(`${platform.services[service].url}/healthz`, 5_000)).status === 200;
  } catch {
    return false;
  }
}

/** What a service that does not recover says: its readiness checks and the end of its log. */
async function explain(platform: FaultPlatform, service: ServiceName): Promise<string> {
  const { status, checks } = await readiness(platform, service);
  const log = platform.services[service].process.logTail(20);
  return `${service}: /readyz ${status} ${JSON.stringify(checks)}; its log ends with:\n${log}`;
}

/** Waits until `check` holds for every one of `services`; a timeout says what each laggard says of itself. */
export async function waitForAll(
  platform: FaultPlatform,
  what: string,
  services: readonly ServiceName[],
  check: (service: ServiceName) => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  let lagging: ServiceName[] = [];
  await waitUntil(
    async () => {
      const results = await Promise.all(services.map(check));
      lagging = services.filter((_, index) => !results[index]);
      return lagging.length === 0;
    },
    { what, timeoutMs, intervalMs: 250 },
  ).catch(async (error: unknown) => {
    const details = await Promise.all(lagging.map((service) => explain(platform, service)));
    throw new Error([`${(error as Error).message}; still not: ${lagging.join(', ')}`, ...details].join('\n'));
  });
}
