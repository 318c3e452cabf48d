#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { ConfigError } from '@bodega/config';
import { UsageError } from './usage-error.js';

const help = `bodega: run the Bodega commerce platform

  bodega start                    every service in one process (embedded), or one process per
                                  service when DATABASE_URL/REDIS_URL/AMQP_URL are set
  bodega start --services         one process per service on the real backends
  bodega start --service <name>   one service in this process
  bodega migrate up|down|status <service> [--steps N]
  bodega status [--url http://127.0.0.1:8080]
  bodega probe [--url http://127.0.0.1:8080] [--checkout] [--json] [--timeout MS]
                                  a short shopper journey, each step timed; exit code 1 when a
                                  step fails (PROBE_EMAIL/PROBE_PASSWORD: a dedicated account;
                                  otherwise each run registers a throwaway customer)
  bodega seed [--products N] [--orders M] [--seed S] [--batch B]
                                  load a deterministic catalog into a running catalog service
                                  (CATALOG_URL, default http://127.0.0.1:8102), then a year of
                                  past orders of it into orders (ORDERS_URL, :8104)
  bodega keys                     new service-token keys: a private key per service and for the
                                  CLI, and the SERVICE_PUBLIC_KEYS every service is given
`;

async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      service: { type: 'string' },
      services: { type: 'boolean' },
      steps: { type: 'string' },
      products: { type: 'string' },
      orders: { type: 'string' },
      seed: { type: 'string' },
      batch: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:8080' },
      checkout: { type: 'boolean' },
      json: { type: 'boolean' },
      timeout: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    process.stdout.write(help);
    return 0;
  }
  switch (command) {
    case 'start': {
      // Loaded on demand: `--help` and `status` should not pay for loading every service.
      const { startEmbeddedPlatform, startOneService, startProcesses, wantsDistributed } =
        await import('./start.js');
      if (values.service) await startOneService(values.service, env);
      else if (values.services || wantsDistributed(env)) await startProcesses(env);
      else await startEmbeddedPlatform(env);
      return -1; // keeps running until a signal
    }
    case 'migrate': {
      const { migrate } = await import('./migrate.js');
      const steps = values.steps === 'all' ? Infinity : values.steps ? Number(values.steps) : undefined;
      if (steps !== undefined && !(steps > 0))
        throw new UsageError('--steps takes a positive number or "all"');
      process.stdout.write(`${await migrate(rest[0], rest[1], steps, env)}\n`);
      return 0;
    }
    case 'status': {
      const { status } = await import('./status.js');
      const report = await status(values.url);
      process.stdout.write(`${report.text}\n`);
      return report.healthy ? 0 : 1;
    }
    case 'probe': {
      const { formatProbeReport, probe } = await import('./probe.js');
      const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
      if (timeoutMs !== undefined && !(timeoutMs > 0)) throw new UsageError('--timeout takes milliseconds');
      const report = await probe({
        baseUrl: values.url,
        email: env.PROBE_EMAIL,
        password: env.PROBE_PASSWORD,
        checkout: values.checkout,
        timeoutMs,
      });
      process.stdout.write(
        `${values.json ? JSON.stringify(report) : formatProbeReport(report, values.url)}\n`,
      );
      return report.ok ? 0 : 1;
    }
    case 'seed': {
      const { seed, seedOptionsFrom } = await import('./seed.js');
      const options = { ...seedOptionsFrom(values, env), progress: process.stderr };
      if (options.products > 0) {
        const result = await seed(options);
        process.stdout.write(
          `seeded ${result.created} products (${result.skipped} already there) in ${result.seconds.toFixed(1)} s\n`,
        );
      }
      if (options.orders > 0) {
        const { seedOrders } = await import('./seed-orders.js');
        const result = await seedOrders(options);
        process.stdout.write(
          `seeded ${result.created} orders (${result.skipped} already there) in ${result.seconds.toFixed(1)} s\n`,
        );
      }
      return 0;
    }
    case 'keys': {
      const { serviceKeyLines } = await import('./keys.js');
      process.stdout.write(`${serviceKeyLines()}\n`);
      return 0;
    }
    default:
      throw new UsageError(`unknown command '${command}'\n\n${help}`);
  }
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (error: unknown) => {
    if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')
    ) {
      process.stderr.write(`${(error as Error).message}\n`);
      process.exit(2);
    }
    process.stderr.write(
      `bodega: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
