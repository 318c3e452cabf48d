import { loadConfig, Type } from '@bodega/config';
import type { Logger } from '@bodega/logging';
import { baseConfigProperties } from './config.js';

/**
 * What stops a process: Ctrl-C, a supervisor's stop, and the terminal closing. SIGHUP's default would
 * end the process on the spot, its embedded databases left unclosed; it stops cleanly like the others.
 */
const stopSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

const shutdownSchema = Type.Object({ SHUTDOWN_TIMEOUT_MS: baseConfigProperties(0).SHUTDOWN_TIMEOUT_MS });

/** SHUTDOWN_TIMEOUT_MS from `env` (and `.env`), validated as every service's config is. */
export function shutdownTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  return loadConfig(shutdownSchema, { service: 'shutdown', env }).SHUTDOWN_TIMEOUT_MS;
}

/**
 * Runs `close` on SIGINT, SIGTERM or SIGHUP: the servers stop taking requests, in-flight work
 * finishes, then connections close, and the process exits 0. A shutdown always ends: a second
 * signal exits at once, and `timeoutMs` after the first the process exits with code 1 whatever is
 * still pending (an unref'd timer: it holds nothing open by itself). Log lines that a broken or
 * stalled stdout does not take are lost, never the exit (see `@bodega/logging`).
 */
export function closeOnSignals(
  close: () => Promise<void>,
  logger: Logger,
  timeoutMs: number = shutdownTimeoutMs(),
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      process.exit(1);
    }
    stopping = true;
    // However the process ends before `close` is done (its event loop drained mid-way), it did not
    // stop cleanly.
    process.exitCode = 1;
    logger.info({ signal, timeout_ms: timeoutMs }, 'shutting down');
    const deadline = setTimeout(() => {
      logger.error({ timeout_ms: timeoutMs }, 'shutdown timed out: exiting with work pending');
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  // `on`, not `once`: a repeated signal must reach the handler above rather than the default action.
  for (const signal of stopSignals) process.on(signal, stop);
}
