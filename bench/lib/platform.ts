import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ProcessGroup, Started } from './processes.js';

/** The repository root (bench/lib/ is two levels down). */
export const repoDir = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What `npm start` runs, without npm in between: the process the bench measures is Node itself. The
 * bundle is brought up to date (as `npm start`'s prestart does) by `ensureCliBundle` before any run.
 */
export const cliArgs = ['node_modules/.cache/bodega/cli.mjs'];

/** Builds the command's bundle when its sources changed (scripts/cli-build.mjs), or throws. */
export function ensureCliBundle(): void {
  const build = spawnSync(process.execPath, ['scripts/cli-build.mjs'], { cwd: repoDir, stdio: 'inherit' });
  if (build.status !== 0) throw new Error(`scripts/cli-build.mjs failed (exit ${String(build.status)})`);
}

/** Variables a child inherits from the bench's environment; everything else is set explicitly. */
const inherited = ['PATH', 'HOME', 'USER', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR', 'TERM'];

/**
 * A clean environment plus `own`: nothing from the caller's shell (a DATABASE_URL, a PORT, an
 * ARGON2_* override) can switch a service's mode or costs behind the bench's back.
 */
export function cleanEnv(own: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const key of inherited) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, ...own };
}

/** Starts the `bodega` CLI (`start`, `start --service identity`...) as a process of the group. */
export function startCli(
  group: ProcessGroup,
  name: string,
  args: string[],
  env: Record<string, string>,
): Started {
  return group.start(name, process.execPath, [...cliArgs, ...args], { cwd: repoDir, env: cleanEnv(env) });
}

/** Starts a TypeScript file of the bench (the bare baseline) as a process of the group. */
export function startScript(
  group: ProcessGroup,
  name: string,
  file: string,
  env: Record<string, string>,
): Started {
  return group.start(name, process.execPath, ['--import', 'tsx', file], { cwd: repoDir, env: cleanEnv(env) });
}

/** For `waitUntil`: a reason to stop waiting once the process has died. */
export function diedReason(started: Started): () => string | undefined {
  return () =>
    started.isRunning() ? undefined : `${started.name} exited; its last output:\n${started.logTail()}`;
}
