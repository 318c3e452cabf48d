/**
 * Whether this run can hold the fault suite, and how each scenario reports what it checked.
 *
 * The suite needs the real backends (every service in its own process on PostgreSQL, Redis and
 * RabbitMQ). Without them it skips with a message saying so, except in CI (`CI=true`), where missing
 * backends are a broken pipeline, not a reason to prove nothing.
 */
import { describe, it } from 'vitest';
import { realBackends } from '@bodega/testing';

export interface Backends {
  postgres: string;
  redis: string;
  amqp: string;
}

/** The real backends when all three URLs are set. */
export function faultBackends(env: NodeJS.ProcessEnv = process.env): Backends | undefined {
  const { postgres, redis, amqp } = realBackends(env);
  return postgres && redis && amqp ? { postgres, redis, amqp } : undefined;
}

const needs = 'DATABASE_URL, REDIS_URL and AMQP_URL (the real PostgreSQL, Redis and RabbitMQ)';

/** `describe(title, body)` with the backends, a clear skip without them, a failure in CI without them. */
export function faultSuite(title: string, body: (backends: Backends) => void): void {
  const backends = faultBackends();
  if (backends) {
    describe(title, () => {
      body(backends);
    });
  } else if (process.env.CI === 'true') {
    describe(title, () => {
      it('runs on the real backends', () => {
        throw new Error(`the fault suite runs in CI and needs ${needs}; they are not set`);
      });
    });
  } else {
    console.warn(`[faults] ${title}: skipped; it needs ${needs}`);
    describe.skip(`${title} (skipped: the fault suite needs ${needs})`, () => {
      it('needs the real backends', () => undefined);
    });
  }
}

/** Prints one invariant line of a scenario: `[faults] rabbitmq outage: events committed 412, ...`. */
export function report(scenario: string, counts: Record<string, number | string>): void {
  const line = Object.entries(counts)
    .map(([name, value]) => `${name} ${value}`)
    .join(', ');
  console.log(`[faults] ${scenario}: ${line}`);
}
