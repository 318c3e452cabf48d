import { deleteRabbitTopology, uniqueSuffix } from '@bodega/testing';
import { backends } from '../lib/backends.js';
import { createSecrets, startDataService, startGateway, startIdentity } from '../lib/distributed.js';
import { runLoad } from '../lib/load.js';
import { measure, type MeasuredRun } from '../lib/measure.js';
import { startCli } from '../lib/platform.js';
import { describeObservabilityCost } from './observability-cost-report.js';
import type { Scenario, ScenarioContext } from './scenario.js';

const connections = 50;
/** Products in the catalog: enough for a realistic page, few enough to seed in a second. */
const products = 20;

/** The two settings compared: the defaults, and tracing and metrics switched off. */
export const settings = {
  off: { TRACING_ENABLED: 'false', METRICS_ENABLED: 'false' },
  on: { TRACING_ENABLED: 'true', METRICS_ENABLED: 'true' },
} as const;

/**
 * The cost of observability (issue 7): `GET /api/v1/products/{id}` through the gateway (distributed
 * mode: identity, catalog and gateway each their own process on PostgreSQL, Redis and RabbitMQ), once
 * with tracing and metrics off and once with both on (every request traced: sample ratio 1, spans kept
 * in memory; no OTLP collector), the platform restarted between the two. Target: under 10% fewer req/s.
 */
export const observabilityCost: Scenario = {
  name: 'observability-cost',
  title: 'The cost of tracing and metrics: GET /api/v1/products/{id} with both on vs. off',
  async run(context) {
    const runs: MeasuredRun[] = [];
    // Off first, then on: a warm-up advantage, if any, goes to the side that should be slower.
    for (const [name, env] of Object.entries(settings)) {
      const exchange = `bodega-bench-observability-${uniqueSuffix()}`;
      try {
        runs.push(await measureSetting(context, name, { ...env, AMQP_EXCHANGE: exchange }));
      } finally {
        await deleteRabbitTopology(backends.amqp, { exchanges: [exchange], consumers: [] });
      }
    }
    return describeObservabilityCost(runs[0]!, runs[1]!);
  },
};

async function measureSetting(
  context: ScenarioContext,
  name: string,
  env: Record<string, string>,
): Promise<MeasuredRun> {
  const secrets = createSecrets(context.workDir);
  const identity = await startIdentity(context.processes, secrets, env);
  const catalog = await startDataService(context.processes, secrets, 'catalog', identity.url, env);
  const gateway = await startGateway(context.processes, secrets, identity.url, {
    ...env,
    CATALOG_URL: catalog.url,
  });
  try {
    const seeder = startCli(context.processes, 'seed', ['seed', '--products', String(products)], {
      CATALOG_URL: catalog.url,
      CLI_SERVICE_PRIVATE_KEY: secrets.serviceKeys.privateKeys.cli ?? '',
    });
    const exit = await seeder.exited;
    if (exit.code !== 0) throw new Error(`bodega seed failed:\n${seeder.logTail()}`);
    const page = (await (await fetch(`${gateway.url}/api/v1/products?limit=1`)).json()) as {
      items: { id: string }[];
    };
    const productId = page.items[0]?.id;
    if (!productId) throw new Error('observability-cost: the catalog has no product to read');
    const url = `${gateway.url}/api/v1/products/${productId}`;
    const warm = await fetch(url);
    if (warm.status !== 200) throw new Error(`observability-cost: ${url} answered ${warm.status}`);
    context.log(`observability-cost: tracing and metrics ${name}`);
    return await measure(
      `tracing and metrics ${name}`,
      (seconds) => runLoad({ url, connections, seconds }),
      context.seconds,
      { gateway: gateway.process.pid, catalog: catalog.process.pid },
    );
  } finally {
    await gateway.process.stop();
    await catalog.process.stop();
    await identity.process.stop();
  }
}
