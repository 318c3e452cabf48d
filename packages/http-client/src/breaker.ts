import { Unavailable } from '@bodega/errors';
import CircuitBreaker from 'opossum';
import { upstreamErrorCodes } from './failures.js';
import type { CircuitState, CircuitStateChange } from './types.js';

/** When an upstream's circuit opens, and for how long. */
export interface BreakerOptions {
  /** Percentage of failed calls in the rolling window that opens the circuit. Default 50. */
  errorThresholdPercentage?: number;
  /** How long the circuit stays open before letting one trial call through (half-open). Default 10,000. */
  resetTimeoutMs?: number;
  /** Calls needed in the window before the percentage means anything. Default 10. */
  volumeThreshold?: number;
  /** Length of the rolling window the percentage is computed over. Default 10,000. */
  rollingWindowMs?: number;
}

interface BreakerSettings extends Required<BreakerOptions> {
  upstream: string;
  /** Whether an error is the upstream's fault; the others (a caller's abort, a bad argument) don't count. */
  isFailure: (error: unknown) => boolean;
  now?: () => number;
}

type Work = () => Promise<unknown>;

/**
 * A circuit breaker for one upstream (opossum underneath). While open it rejects at once with
 * `Unavailable` (`CIRCUIT_OPEN`) and a `retry-after` header, sparing callers the wait and the upstream the
 * load; after `resetTimeoutMs` it lets one trial call through, whose outcome closes or reopens it.
 */
export class Breaker {
  readonly #circuit: CircuitBreaker<[Work]>;
  readonly #settings: BreakerSettings;
  readonly #listeners = new Set<(change: CircuitStateChange) => void>();
  readonly #now: () => number;
  #state: CircuitState = 'closed';
  #openedAt = 0;

  constructor(settings: BreakerSettings) {
    this.#settings = settings;
    this.#now = settings.now ?? Date.now;
    this.#circuit = new CircuitBreaker((work: Work) => work(), {
      name: settings.upstream,
      // Timeouts belong to the HTTP layer, which can abort the request; opossum's would only stop waiting.
      timeout: false,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      resetTimeout: settings.resetTimeoutMs,
      volumeThreshold: settings.volumeThreshold,
      rollingCountTimeout: settings.rollingWindowMs,
      rollingCountBuckets: 10,
      rollingPercentilesEnabled: false,
      enableSnapshots: false,
      errorFilter: (error: unknown) => !settings.isFailure(error),
    });
    this.#circuit.on('open', () => {
      this.#openedAt = this.#now();
      this.#moveTo('open');
    });
    this.#circuit.on('halfOpen', () => {
      this.#moveTo('half_open');
    });
    this.#circuit.on('close', () => {
      this.#moveTo('closed');
    });
  }

  get state(): CircuitState {
    return this.#state;
  }

  /** Runs `work` through the circuit, or rejects with `CIRCUIT_OPEN` without running it. */
  async fire<T>(work: () => Promise<T>): Promise<T> {
    try {
      return (await this.#circuit.fire(work)) as T;
    } catch (error) {
      if (isOpenCircuitRejection(error)) throw this.#circuitOpen();
      throw error;
    }
  }

  /** Calls `listener` on every transition; returns the function that stops it. */
  onStateChange(listener: (change: CircuitStateChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the breaker's timers. */
  shutdown(): void {
    this.#circuit.shutdown();
    this.#listeners.clear();
  }

  #circuitOpen(): Error {
    const { upstream, resetTimeoutMs } = this.#settings;
    // Also rejected: calls arriving while the half-open trial is in flight; they may try again shortly.
    const remainingMs = this.#openedAt + resetTimeoutMs - this.#now();
    return Unavailable(`${upstream} is unavailable`, {
      code: upstreamErrorCodes.circuitOpen,
      details: { upstream },
      headers: { 'retry-after': String(Math.max(1, Math.ceil(remainingMs / 1000))) },
    });
  }

  #moveTo(to: CircuitState): void {
    const from = this.#state;
    this.#state = to;
    for (const listener of this.#listeners) listener({ upstream: this.#settings.upstream, from, to });
  }
}

function isOpenCircuitRejection(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EOPENBREAKER';
}
