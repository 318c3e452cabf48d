import { setTimeout as sleep } from 'node:timers/promises';
import type { Money } from '@bodega/contracts';
import { BadGateway } from '@bodega/errors';
import { behaviourOf, type Card } from './test-cards.js';

/** Waits `ms`, or rejects as soon as `signal` aborts. */
export type Delay = (ms: number, signal: AbortSignal) => Promise<void>;

/** A timer that never holds the process open (`ref: false`) and that shutdown cancels. */
export const timerDelay: Delay = (ms, signal) => sleep(ms, undefined, { ref: false, signal });

export interface SimulatedProviderOptions {
  /** Added to every call (`PROVIDER_LATENCY_MS`). */
  latencyMs: number;
  /** How long the slow test card stalls (`PROVIDER_SLOW_MS`). */
  slowMs: number;
  /** How the provider waits; tests pass one they control. */
  delay?: Delay;
}

export interface AuthorizationRequest {
  /** The provider's idempotency key: the order id. */
  key: string;
  card: Card;
  amount: Money;
}

export type AuthorizationDecision = { approved: true } | { approved: false; reason: string };

/** The card provider, simulated: decides by test card, with the latency a real one has. */
export interface SimulatedProvider {
  /** Approves or declines; rejects with 502 `PAYMENT_PROVIDER_ERROR` when the provider fails. */
  authorize(request: AuthorizationRequest): Promise<AuthorizationDecision>;
  /** Capture, void and refund of an authorization it made: it always agrees, after its latency. */
  settle(): Promise<void>;
  /** Cancels every wait in progress (they fail as provider errors) and refuses new calls. */
  close(): void;
}

export function providerError(message = 'The payment provider failed; nothing was charged, try again') {
  return BadGateway(message, { code: 'PAYMENT_PROVIDER_ERROR' });
}

export function createSimulatedProvider(options: SimulatedProviderOptions): SimulatedProvider {
  const delay = options.delay ?? timerDelay;
  const shutdown = new AbortController();
  // Concurrent identical requests share one authorization, as a real provider's idempotency key does.
  const inFlight = new Map<string, Promise<AuthorizationDecision>>();

  const stopping = () => shutdown.signal.aborted;

  const wait = async (ms: number) => {
    if (stopping()) throw providerError('The payment provider is shutting down; try again');
    if (ms <= 0) return;
    try {
      await delay(ms, shutdown.signal);
    } catch (error) {
      throw stopping()
        ? providerError('The payment provider call was interrupted by a shutdown; try again')
        : error;
    }
  };

  const decide = async ({ card }: AuthorizationRequest): Promise<AuthorizationDecision> => {
    await wait(options.latencyMs);
    const behaviour = behaviourOf(card);
    switch (behaviour.outcome) {
      case 'approved':
        return { approved: true };
      case 'declined':
        return { approved: false, reason: behaviour.reason };
      case 'slow':
        await wait(options.slowMs);
        return { approved: true };
      case 'provider_error':
        throw providerError();
    }
  };

  return {
    authorize(request) {
      const flightKey = [
        request.key,
        request.card.digits,
        request.amount.amount,
        request.amount.currency,
      ].join(':');
      const running = inFlight.get(flightKey);
      if (running) return running;
      const flight = decide(request).finally(() => inFlight.delete(flightKey));
      inFlight.set(flightKey, flight);
      return flight;
    },
    settle: () => wait(options.latencyMs),
    close() {
      shutdown.abort();
    },
  };
}
