import { startBaseline } from '../lib/baseline.js';
import { createSecrets, registerAndLogin, startGateway, startIdentity } from '../lib/distributed.js';
import { runLoad } from '../lib/load.js';
import { measure, type MeasuredRun, type Runner } from '../lib/measure.js';
import { runSequential } from '../lib/sequential.js';
import { describeMe, type Target } from './me-through-gateway-report.js';
import type { Scenario } from './scenario.js';

const loadedConnections = 50;

/**
 * `GET /api/v1/me` through the gateway in distributed mode (identity and gateway as their own
 * processes on PostgreSQL, Redis and RabbitMQ), against the same route on identity directly and a bare
 * Fastify process (static JSON; one primary-key read with `pg`), all in one run on one machine. The
 * gateway runs as deployed (its edge cache keeps each caller's /me, ADR 0014), and a second one with
 * the edge cache off shows what every request proxied to identity costs.
 */
export const meThroughGateway: Scenario = {
  name: 'me-through-gateway',
  title: 'GET /api/v1/me through the gateway vs. a bare route (distributed mode)',
  async run(context) {
    const secrets = createSecrets(context.workDir);
    const identity = await startIdentity(context.processes, secrets);
    const gateway = await startGateway(context.processes, secrets, identity.url);
    const proxying = await startGateway(context.processes, secrets, identity.url, {
      EDGE_CACHE_MAX_BYTES: '0',
    });
    const baseline = await startBaseline(context.processes);
    context.log(
      `me-through-gateway: identity ${identity.url}, gateway ${gateway.url}, baseline ${baseline.url}`,
    );

    // Registered through the gateway, as a client would; the token then works on both doors.
    const user = await registerAndLogin(gateway.url, 'me@bench.test');
    const auth = { authorization: `Bearer ${user.accessToken}` };
    const targets: Target[] = [
      { name: 'bare Fastify, static JSON', url: `${baseline.url}/static` },
      { name: 'bare Fastify + pg, primary-key read', url: `${baseline.url}/users/${baseline.rowId}` },
      { name: 'identity GET /api/v1/me (direct)', url: `${identity.url}/api/v1/me`, headers: auth },
      {
        name: 'gateway GET /api/v1/me, edge cache off (every request proxied)',
        url: `${proxying.url}/api/v1/me`,
        headers: auth,
      },
      {
        name: 'gateway GET /api/v1/me (as deployed: edge cache on)',
        url: `${gateway.url}/api/v1/me`,
        headers: auth,
      },
    ];
    for (const target of targets) await expectOk(target);

    const runAll = async (connections: number) => {
      const runs: MeasuredRun[] = [];
      for (const [index, target] of targets.entries()) {
        // The CPU column "gateway" is the gateway this run goes through.
        const door = index === targets.length - 2 ? proxying : gateway;
        const watched = { gateway: door.process.pid, identity: identity.process.pid, baseline: baseline.pid };
        context.log(`me-through-gateway: ${target.name}, ${connections} connection(s)`);
        const run: Runner =
          connections === 1
            ? (seconds) => runSequential({ url: target.url, headers: target.headers, seconds })
            : (seconds) => runLoad({ url: target.url, headers: target.headers, connections, seconds });
        runs.push(await measure(target.name, run, context.seconds, watched));
      }
      return runs;
    };
    const loaded = await runAll(loadedConnections);
    const unloaded = await runAll(1);
    return describeMe(loaded, unloaded);
  },
};

/** A target that does not answer 200 before the load would measure errors, not the route. */
async function expectOk(target: Target): Promise<void> {
  const response = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(5000) });
  const text = await response.text();
  if (response.status !== 200)
    throw new Error(`${target.name} answered ${response.status} before the load: ${text}`);
}
