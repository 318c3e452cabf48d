import type { ProcessGroup } from '../lib/processes.js';

/** What every scenario is given. */
export interface ScenarioContext {
  /** Seconds of each measured load run (`--duration`). */
  seconds: number;
  /** Start processes here: the runner stops them all at the end, even on failure. */
  processes: ProcessGroup;
  /** A fresh directory of this run for data dirs, keys and logs. */
  workDir: string;
  /** Progress for the console (stderr), not for the report. */
  log(message: string): void;
}

/** A named benchmark: runs, then returns its report section's body (tables and analysis, in Markdown). */
export interface Scenario {
  name: string;
  title: string;
  run(context: ScenarioContext): Promise<string>;
}
