/**
 * The outbox relay: the second half of the transactional outbox. It publishes committed outbox rows
 * through the bus and marks them published.
 *
 * - Wakes on NOTIFY (sent by `writeEvent` on commit) and polls as the fallback, for notifications
 *   missed while the listening connection was down.
 * - Claims rows oldest first with `FOR UPDATE SKIP LOCKED`, so replicas of a service share the work
 *   and never publish the same row twice; the claim, the publishes and the marks are one
 *   transaction. A crash between a publish and the commit publishes those rows again later: delivery
 *   is at-least-once and consumers are idempotent.
 * - The bus resolves only after the broker confirmed, so "published" means stored by the broker.
 * - A failed publish is recorded on the row (`attempts`, `last_error`), the relay backs off, and the
 *   row waits longer than the relay (`next_attempt_at`), so a row that cannot be published cannot
 *   starve the rows behind it.
 *
 * The transaction stays open while publishing. That is safe on PGlite (one connection) because
 * publishing never needs the database: the in-process bus runs handlers on a later macrotask, and
 * their transactions simply queue behind the relay's.
 */
import { and, asc, eq, gt, inArray, isNull, lte, sql } from 'drizzle-orm';
import { pgSchema } from 'drizzle-orm/pg-core';
import type { Database, Tx } from '@bodega/db';
import type { Logger } from '@bodega/logging';
import type { Registry } from 'prom-client';
import type { EventBus } from './bus.js';
import { describe } from './delivery.js';
import { relayMetrics } from './event-metrics.js';
import { outboxChannel, schemaOf } from './outbox.js';
import { outboxTable, type OutboxTable } from './tables.js';

export interface RelayOptions {
  database: Database;
  /** The service's outbox; by default the `outbox` table in `database.schema`. */
  outbox?: OutboxTable;
  bus: EventBus;
  logger: Logger;
  /** The fallback poll; notifications normally wake the relay sooner. Default 1 s. */
  pollIntervalMs?: number;
  /** Rows claimed per transaction. Default 100. */
  batchSize?: number;
  /** The relay's wait after its `failures`-th failed pass in a row (a failed row waits twice its own attempt's). Default 0.5 s doubling, at most 30 s. */
  backoffMs?: (failures: number) => number;
  /**
   * The service's registry (`ctx.metrics`): when given, the relay counts its publishes and failures
   * there, and the backlog and the age of the oldest unsent event are read on scrape.
   */
  metrics?: Registry;
}

export interface Relay {
  /** Stops waking up and waits for the running pass; rows left unpublished wait for the next relay. */
  stop(): Promise<void>;
  /** Publishes everything pending now, retry waits included; resolves to how many (tests, shutdown). Rejects if a publish fails. */
  flush(): Promise<number>;
  /** Unpublished rows and the age of the oldest, for metrics and alerts. */
  backlog(): Promise<{ count: number; oldest_age_seconds: number }>;
}

function defaultBackoffMs(failures: number): number {
  return Math.min(30_000, 500 * 2 ** Math.max(0, failures - 1));
}

interface PassResult {
  claimed: number;
  published: number;
  failure?: Error;
  nextRetryInMs?: number | undefined;
}

/** Starts the relay of one service's outbox; it makes a first pass at once for rows left from before. */
export async function startRelay(options: RelayOptions): Promise<Relay> {
  const { database, bus } = options;
  const outbox = options.outbox ?? outboxTable(pgSchema(database.schema));
  const schema = schemaOf(outbox);
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const batchSize = options.batchSize ?? 100;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const logger = options.logger.child({ component: 'outbox-relay', schema });

  /** Unpublished rows and the oldest one's age: one query on the partial index of unpublished rows. */
  const backlog = async () => {
    const [row] = await database.db
      .select({
        count: sql<number>`count(*)::int`,
        oldest: sql<number | null>`extract(epoch from now() - min(${outbox.createdAt}))::float8`,
      })
      .from(outbox)
      .where(isNull(outbox.publishedAt));
    return { count: row?.count ?? 0, oldest_age_seconds: Math.max(0, row?.oldest ?? 0) };
  };
  const metrics = options.metrics ? relayMetrics(options.metrics, backlog) : undefined;

  /**
   * One pass: claim a batch, publish it in order, stop at the first failure. The rows published are
   * marked in one statement at the end of the pass: in the same transaction as before, so a crash
   * still republishes exactly the rows whose claim never committed.
   */
  const pass = (includeWaiting: boolean): Promise<PassResult> =>
    database.db.transaction(async (tx) => {
      const unpublished = isNull(outbox.publishedAt);
      const rows = await tx
        .select({ id: outbox.id, envelope: outbox.envelope, attempts: outbox.attempts })
        .from(outbox)
        .where(includeWaiting ? unpublished : and(unpublished, lte(outbox.nextAttemptAt, sql`now()`)))
        .orderBy(asc(outbox.createdAt), asc(outbox.id))
        .limit(batchSize)
        .for('update', { skipLocked: true });
      const published: string[] = [];
      let failure: Error | undefined;
      for (const row of rows) {
        try {
          await bus.publish(row.envelope);
        } catch (error) {
          metrics?.failed();
          // Twice the relay's own wait: when the row fails alone (the broker is fine), the relay's next
          // pass skips it and publishes the rows behind it.
          const waitSeconds = (2 * backoffMs(row.attempts + 1)) / 1000;
          await tx
            .update(outbox)
            .set({
              attempts: sql`${outbox.attempts} + 1`,
              lastError: describe(error).slice(0, 2_000),
              nextAttemptAt: sql`clock_timestamp() + make_interval(secs => ${waitSeconds})`,
            })
            .where(eq(outbox.id, row.id));
          // Later rows would most likely fail the same way (the broker is down): keep them for later.
          failure = error instanceof Error ? error : new Error(describe(error));
          break;
        }
        metrics?.published(row.envelope.type);
        published.push(row.id);
      }
      if (published.length > 0) {
        await tx
          .update(outbox)
          .set({ publishedAt: sql`clock_timestamp()`, attempts: sql`${outbox.attempts} + 1` })
          .where(inArray(outbox.id, published));
      }
      if (failure !== undefined) return { claimed: rows.length, published: published.length, failure };
      return { claimed: rows.length, published: published.length, nextRetryInMs: await nextRetryInMs(tx) };
    });

  /** When the earliest row waiting after a failure is due, so the relay wakes for it and not a poll later. */
  const nextRetryInMs = async (tx: Tx): Promise<number | undefined> => {
    const [row] = await tx
      .select({
        ms: sql<
          number | null
        >`(extract(epoch from min(${outbox.nextAttemptAt}) - clock_timestamp()) * 1000)::float8`,
      })
      .from(outbox)
      // `now()` is the transaction's start, the same instant the claim compared with: every unpublished
      // row is either claimable by that query or counted here, so none waits for the fallback poll.
      .where(and(isNull(outbox.publishedAt), gt(outbox.nextAttemptAt, sql`now()`)));
    return row?.ms ?? undefined;
  };

  // Passes of one relay never overlap, so `flush` and the background loop cannot race each other.
  let lock: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = lock.then(work);
    lock = run.catch(() => undefined);
    return run;
  };

  let stopped = false;
  let busy = false;
  let wakeAgain = false;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (delayMs: number) => {
    clearTimeout(timer);
    if (stopped) return;
    timer = setTimeout(() => void tick(), delayMs);
  };

  const tick = async () => {
    if (stopped) return;
    if (busy) {
      wakeAgain = true;
      return;
    }
    busy = true;
    let next = pollIntervalMs;
    try {
      const result = await exclusive(() => pass(false));
      if (result.failure === undefined) {
        failures = 0;
        if (result.published > 0) logger.debug({ published: result.published }, 'published outbox events');
        // A full batch means there is probably more: go on without waiting.
        if (result.claimed === batchSize) next = 0;
        else if (result.nextRetryInMs !== undefined)
          next = Math.min(next, Math.max(0, Math.ceil(result.nextRetryInMs)));
      } else {
        failures += 1;
        next = backoffMs(failures);
        logger.warn(
          { err: result.failure, published: result.published, retry_in_ms: next },
          'publishing an outbox event failed',
        );
      }
    } catch (error) {
      failures += 1;
      next = backoffMs(failures);
      logger.error({ err: error, retry_in_ms: next }, 'outbox relay pass failed');
    } finally {
      busy = false;
    }
    if (wakeAgain && failures === 0) next = 0;
    wakeAgain = false;
    schedule(next);
  };

  // While failing, notifications do not cut the backoff short: every write would hit the broker again.
  const wake = () => {
    if (stopped || failures > 0) return;
    if (busy) wakeAgain = true;
    else schedule(0);
  };

  const unlisten = await database.listen(outboxChannel, (payload) => {
    if (payload === schema) wake();
  });
  schedule(0);

  return {
    async stop() {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      metrics?.detach();
      await unlisten();
      await lock;
    },

    async flush() {
      let total = 0;
      for (;;) {
        const result = await exclusive(() => pass(true));
        total += result.published;
        if (result.failure !== undefined) throw result.failure;
        if (result.claimed < batchSize) return total;
      }
    },

    backlog,
  };
}
