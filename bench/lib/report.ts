import fs from 'node:fs';
import { mergeDocument } from './markdown.js';
import { describeMachine, type RunInfo } from './machine.js';
import { describeQuiet, type Quiet } from './quiet.js';
import type { Scenario } from '../scenarios/scenario.js';

const header = `# Bodega benchmarks

Measured by \`npm run bench\` (bench/run.ts): every scenario starts the processes it measures, loads them
from this machine only (127.0.0.1, autocannon in the runner's process) and stops them. Reproduce all of
it with \`npm run bench\`, or one scenario with \`npm run bench -- --scenario <name> [--duration <s>]\`;
the distributed scenarios need PostgreSQL, Redis and RabbitMQ on 127.0.0.1 (\`.ci/run\` starts them).

Each section below comes from the run named in it. A run rewrites the sections of the scenarios it ran
and keeps the others as they were, so sections may come from different commits: check each one's line.
Targets come from issue 2; "miss" is reported as measured, never hidden. These are not tests: nothing
here asserts on time.`;

/** The section body of one scenario: heading, how and where it ran, then what the scenario reported. */
export function scenarioSection(
  scenario: Scenario,
  body: string,
  info: RunInfo,
  seconds: number,
  quiet: Quiet,
): string {
  const command = `npm run bench -- --scenario ${scenario.name} --duration ${seconds}`;
  return [
    `## ${scenario.title} (\`${scenario.name}\`)`,
    '',
    `Run ${info.date}, commit \`${info.commit}\`, on ${describeMachine(info)}; ${describeQuiet(quiet)}.`,
    `Reproduce: \`${command}\``,
    '',
    body,
  ].join('\n');
}

/** Rewrites `file` with the fresh sections, keeping the old sections of scenarios not run now. */
export function writeReport(file: string, order: string[], fresh: Map<string, string>): void {
  const old = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  fs.writeFileSync(file, mergeDocument(header, order, fresh, old));
}
