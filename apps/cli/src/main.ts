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
  bodega seed --products N [--seed S] [--batch B]
                                  load a deterministic catalog into a running catalog service
                                  (CATALOG_URL, default http://127.0.0.1:8102)
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
      seed: { type: 'string' },
      batch: { type: 'string' },
      url: { type: 'string', default: 'http://127.0.0.1:8080' },
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
    case 'seed': {
      const { seed, seedOptionsFrom } = await import('./seed.js');
      const result = await seed({ ...seedOptionsFrom(values, env), progress: process.stderr });
      process.stdout.write(
        `seeded ${result.created} products (${result.skipped} already there) in ${result.seconds.toFixed(1)} s\n`,
      );
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
