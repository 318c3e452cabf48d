/**
 * Background write load for a fault scenario: a few workers, each sending one request then pausing,
 * until stopped. Answers are tallied by the phase the scenario was in when the request was sent, so
 * "what did clients see during the outage" is a count, not a guess. Paced, not flat out: the scenario
 * shares two cores with the rest of the test run.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Answer } from './shop.js';

export interface LoadOptions {
  workers: number;
  /** Pause between two requests of a worker. */
  pauseMs: number;
  /** The next request of `worker` (its `n`-th). */
  next: (worker: number, n: number) => Promise<Answer>;
}

export interface Load {
  /** Labels the requests sent from now on. */
  phase(name: string): void;
  /** Stops sending, waits for requests in flight, and returns `{ phase: { status: count } }`. */
  stop(): Promise<Record<string, Record<number, number>>>;
}

export function startLoad(options: LoadOptions): Load {
  let phase = 'before';
  let stopped = false;
  const tally: Record<string, Record<number, number>> = {};
  const worker = async (index: number) => {
    for (let n = 0; !stopped; n++) {
      const sentIn = phase;
      const answer = await options.next(index, n);
      const counts = (tally[sentIn] ??= {});
      counts[answer.status] = (counts[answer.status] ?? 0) + 1;
      await sleep(options.pauseMs);
    }
  };
  const running = Promise.all(Array.from({ length: options.workers }, (_, index) => worker(index)));
  return {
    phase(name) {
      phase = name;
    },
    async stop() {
      stopped = true;
      await running;
      return tally;
    },
  };
}

/** Requests of a phase's tally that got a 2xx, and those that did not. */
export function outcome(counts: Record<number, number> = {}): { ok: number; failed: number } {
  let ok = 0;
  let failed = 0;
  for (const [status, count] of Object.entries(counts)) {
    if (Number(status) >= 200 && Number(status) < 300) ok += count;
    else failed += count;
  }
  return { ok, failed };
}
