import type { OrdersDeps } from '../deps.js';
import { recoverCheckouts } from './recover-checkouts.js';

export interface RecoveryLoop {
  /** Stops scheduling runs and waits for the one in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `recoverCheckouts` every `intervalMs`, one run at a time, on an unref'd timer (it never keeps
 * the process alive). A failed run is logged and the next one tries again.
 */
export function startRecoveryLoop(deps: OrdersDeps, intervalMs: number): RecoveryLoop {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = recoverCheckouts(deps, deps.now())
        .then(
          (report) => {
            const settled = report.completed.length + report.cancelled.length;
            if (settled > 0 || report.deferred.length > 0) deps.logger.info({ ...report }, 'recovery run');
          },
          (error: unknown) => {
            deps.logger.error({ err: error }, 'recovery run failed');
          },
        )
        .finally(schedule);
    }, intervalMs);
    timer.unref();
  };
  schedule();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
