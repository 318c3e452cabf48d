/**
 * Query spans, made once at the driver boundary so every query is covered: Drizzle's, the raw ones of
 * infrastructure code (migrations, outbox relay), in and out of transactions, on PGlite and on
 * PostgreSQL. A span names the statement's operation and table and carries its text with `$n`
 * placeholders, never the parameter values. Queries made outside any traced work (a relay's polling)
 * make no span (see `startChildSpan`).
 */
import type { PGlite, Transaction } from '@electric-sql/pglite';
import type pg from 'pg';
import { context, endSpan, SpanKind, startChildSpan, type Attributes, type Tracer } from '@bodega/tracing';

interface Summary {
  name: string;
  attributes: Attributes;
}

// Statements repeat (Drizzle builds the same text for the same query): summarise each text once.
const summaryCacheSize = 512;

/** Names statements and starts their spans, for one service's schema. */
export class QuerySpans {
  readonly #summaries = new Map<string, Summary>();

  constructor(
    private readonly tracer: Tracer,
    private readonly schema: string,
  ) {}

  /** Runs `run` inside a span for `text` when the caller's work is traced. */
  async trace<T>(text: string, run: () => Promise<T>): Promise<T> {
    const summary = this.#summary(text);
    const started = startChildSpan(this.tracer, summary.name, {
      kind: SpanKind.CLIENT,
      attributes: summary.attributes,
    });
    if (started === undefined) return run();
    try {
      // Active while it runs: a transaction's statements are its children.
      const result = await context.with(started.context, run);
      endSpan(started.span);
      return result;
    } catch (error) {
      endSpan(started.span, error);
      throw error;
    }
  }

  #summary(text: string): Summary {
    let summary = this.#summaries.get(text);
    if (summary === undefined) {
      summary = summarise(text, this.schema);
      if (this.#summaries.size >= summaryCacheSize) this.#summaries.clear();
      this.#summaries.set(text, summary);
    }
    return summary;
  }
}

const tablePattern = /\b(?:from|into|update|join)\s+((?:"[^"]+"|[\w$]+)(?:\s*\.\s*(?:"[^"]+"|[\w$]+))?)/i;

/** The span name (`SELECT products`) and attributes of a statement (OpenTelemetry database semconv). */
export function summarise(text: string, schema: string): Summary {
  const operation = (/^\s*([a-z]+)/i.exec(text)?.[1] ?? 'QUERY').toUpperCase();
  const target = tablePattern.exec(text)?.[1];
  const table = target?.split('.').at(-1)?.trim().replaceAll('"', '');
  const attributes: Attributes = {
    'db.system.name': 'postgresql',
    'db.namespace': schema,
    'db.operation.name': operation,
    'db.query.text': text,
  };
  if (table) attributes['db.collection.name'] = table;
  return { name: table ? `${operation} ${table}` : operation, attributes };
}

function textOf(query: unknown): string {
  if (typeof query === 'string') return query;
  const text = (query as { text?: unknown } | null)?.text;
  return typeof text === 'string' ? text : 'QUERY';
}

/**
 * What Drizzle and the raw query path see of a shared PGlite instance: its `query` and `transaction`,
 * traced with this service's tracer. The instance itself stays untouched: other services use it too.
 */
export function tracedPglite(instance: PGlite, spans: QuerySpans): PGlite {
  const tracedTransaction = (tx: Transaction): Transaction => {
    const traced = Object.create(tx) as Transaction;
    traced.query = (query, params, options) => spans.trace(query, () => tx.query(query, params, options));
    return traced;
  };
  const client = {
    query: (query: string, params?: unknown[], options?: object) =>
      spans.trace(query, () => instance.query(query, params, options)),
    transaction: <T>(work: (tx: Transaction) => Promise<T>) =>
      spans.trace('TRANSACTION', () => instance.transaction((tx) => work(tracedTransaction(tx)))),
    exec: instance.exec.bind(instance),
    listen: instance.listen.bind(instance),
  };
  return client as unknown as PGlite;
}

/**
 * Traces a pool's queries: `pool.query` (one statement on any connection) and the queries of a client
 * checked out with `await pool.connect()` (Drizzle's transactions), until it is released. Spans start
 * where the caller asked, so they belong to the caller's trace even when the query waits for a
 * connection freed by someone else's work.
 */
export function tracePool(pool: pg.Pool, spans: QuerySpans): void {
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { query: unknown }).query = (...args: unknown[]) => {
    // The callback form is pg's own internal use; only promises are traced.
    if (typeof args.at(-1) === 'function') return query(...args);
    return spans.trace(textOf(args[0]), () => query(...args) as Promise<unknown>);
  };
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  (pool as { connect: unknown }).connect = (...args: unknown[]) => {
    if (args.length > 0) return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then((client) => traceCheckout(client, spans));
  };
}

/** Shadows the client's `query` for one checkout; `release` removes the shadow (the client is pooled). */
function traceCheckout(client: pg.PoolClient, spans: QuerySpans): pg.PoolClient {
  const own = client as unknown as Record<string, unknown>;
  const release = own.release;
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  own.query = (...args: unknown[]) => {
    if (typeof args.at(-1) === 'function') return query(...args);
    return spans.trace(textOf(args[0]), () => query(...args) as Promise<unknown>);
  };
  own.release = (...args: unknown[]) => {
    delete own.query;
    own.release = release;
    return (release as (...a: unknown[]) => unknown).apply(client, args);
  };
  return client;
}
