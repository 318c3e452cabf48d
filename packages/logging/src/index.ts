/**
 * Structured logging: one JSON line per event with `time`, `level`, `service`, `msg`, and inside a
 * request or handler its `request_id` and `trace_id`. Secrets never reach a log line.
 */
import { context, trace } from '@opentelemetry/api';
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { redactSecrets } from './redact.js';
import { stdoutLines } from './stdout.js';

export type { Logger } from 'pino';

export { CENSOR, redactSecrets, secretFields } from './redact.js';
export { batchedLines, MAX_PENDING_LOG_BYTES, type LineSink } from './stdout.js';

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; stdout (batched, see `batchedLines`) by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/**
 * The ids of the span active where a line is written (a request's, an event handler's), so every line
 * inside one carries `trace_id` and `span_id`, however deep the code that logs and whichever logger it
 * holds. Nothing when no span is active (tracing off, background work).
 */
export function activeSpanIds(): { trace_id?: string; span_id?: string } {
  const span = trace.getSpan(context.active());
  // A fresh object each time: pino merges the line's fields into what the mixin returns.
  if (span === undefined) return {};
  const ids = span.spanContext();
  return { trace_id: ids.traceId, span_id: ids.spanId };
}

/** Creates the root logger of a service. Children add `request_id`; lines inside a span get its ids. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      // Secrets are censored here rather than by pino's `redact` paths: see docs/adr/0013-log-redaction.md.
      log: redactSecrets,
      bindings: redactSecrets,
    },
    mixin: activeSpanIds,
  };
  return pino(config, options.destination ?? stdoutLines());
}

/** A logger that writes nothing, for tests and tools that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
