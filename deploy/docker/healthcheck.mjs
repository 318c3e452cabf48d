// The image's HEALTHCHECK: GET /healthz on the service's port. The port is PORT when set, otherwise
// the default port (ARCHITECTURE.md) of the service named by SERVICE or by the `--service` argument of
// the container's main process. deploy/test/docker.test.ts keeps this table in step with each
// service's config schema. Exits 0 when healthy, 1 otherwise, as Docker expects.
import { readFileSync } from 'node:fs';

const defaultPorts = {
  gateway: 8080,
  identity: 8101,
  catalog: 8102,
  search: 8103,
  orders: 8104,
  payments: 8105,
  analytics: 8106,
};

/** The service started by PID 1 (`node main.js start --service <name>`), if it is one. */
function serviceOfMainProcess() {
  try {
    const args = readFileSync(process.env.HEALTHCHECK_CMDLINE ?? '/proc/1/cmdline', 'utf8').split('\0');
    const index = args.indexOf('--service');
    return index === -1 ? undefined : args[index + 1];
  } catch {
    return undefined;
  }
}

const service = process.env.SERVICE || serviceOfMainProcess();
const port = process.env.PORT || defaultPorts[service ?? ''];
if (!port) {
  console.error('healthcheck: set PORT or SERVICE');
  process.exit(1);
}
try {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(2_000) });
  process.exit(response.ok ? 0 : 1);
} catch (error) {
  console.error(`healthcheck: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
