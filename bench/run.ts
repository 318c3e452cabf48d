/**
 * The benchmark runner: `npm run bench [-- --scenario <name>] [--duration <s>]`. Runs the scenarios,
 * prints each one's tables and rewrites their sections of BENCHMARKS.md. Every process a scenario
 * starts is stopped when it ends, and all of them when the runner exits, even on failure or Ctrl-C.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runInfo } from './lib/machine.js';
import { ensureCliBundle, repoDir } from './lib/platform.js';
import { ProcessGroup } from './lib/processes.js';
import { describeQuiet, waitForQuiet } from './lib/quiet.js';
import { scenarioSection, writeReport } from './lib/report.js';
import { scenarios } from './scenarios/index.js';

const usage = `usage: npm run bench -- [--scenario <name>]... [--duration <seconds>] [--quiet-wait <seconds>]
scenarios: ${scenarios.map((scenario) => scenario.name).join(', ')}`;

interface Arguments {
  selected: typeof scenarios;
  seconds: number;
  /** Longest wait for an idle machine before each scenario. */
  quietWaitSeconds: number;
}

function parse(argv: string[]): Arguments {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string', multiple: true },
      duration: { type: 'string', default: '10' },
      'quiet-wait': { type: 'string', default: '60' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    process.exit(0);
  }
  const seconds = Number(values.duration);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 600)
    throw new Error(`--duration takes whole seconds from 1 to 600\n${usage}`);
  const quietWaitSeconds = Number(values['quiet-wait']);
  if (!(quietWaitSeconds >= 0 && quietWaitSeconds <= 3600))
    throw new Error(`--quiet-wait takes seconds from 0 to 3600\n${usage}`);
  const names = values.scenario ?? scenarios.map((scenario) => scenario.name);
  const selected = names.map((name) => {
    const scenario = scenarios.find((candidate) => candidate.name === name);
    if (!scenario) throw new Error(`unknown scenario '${name}'\n${usage}`);
    return scenario;
  });
  return { selected, seconds, quietWaitSeconds };
}

async function main(): Promise<number> {
  const { selected, seconds, quietWaitSeconds } = parse(process.argv.slice(2));
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-bench-'));
  const processes = new ProcessGroup(path.join(workDir, 'logs'));
  process.once('exit', () => {
    processes.killAllNow();
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: stopping every process the bench started\n`);
      void processes.stopAll().finally(() => process.exit(130));
    });
  }
  const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
  log(`work dir ${workDir}`);
  ensureCliBundle();

  const fresh = new Map<string, string>();
  const failed: string[] = [];
  for (const scenario of selected) {
    log(`scenario ${scenario.name}: waiting up to ${quietWaitSeconds} s for the machine to be quiet`);
    const quiet = await waitForQuiet(quietWaitSeconds * 1000);
    log(`scenario ${scenario.name}: ${describeQuiet(quiet)}`);
    try {
      const body = await scenario.run({ seconds, processes, workDir, log });
      const text = scenarioSection(scenario, body, runInfo(repoDir), seconds, quiet);
      fresh.set(scenario.name, text);
      process.stdout.write(`\n${text}\n`);
    } catch (error) {
      failed.push(scenario.name);
      log(
        `scenario ${scenario.name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    } finally {
      await processes.stopAll();
    }
  }

  if (fresh.size > 0) {
    const file = path.join(repoDir, 'BENCHMARKS.md');
    writeReport(
      file,
      scenarios.map((scenario) => scenario.name),
      fresh,
    );
    log(`wrote ${[...fresh.keys()].join(', ')} to ${file}`);
  }
  if (failed.length > 0) {
    log(`failed: ${failed.join(', ')}; process logs kept in ${path.join(workDir, 'logs')}`);
    return 1;
  }
  fs.rmSync(workDir, { recursive: true, force: true });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
