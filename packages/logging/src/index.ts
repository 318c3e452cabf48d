/**
 * Structured logging: one JSON line per event with `time`, `level`, `service`, `msg`, and inside a
 * request or handler its `request_id` and `trace_id`. Secrets never reach a log line.
 */
import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Paths censored in every log line: credentials, tokens and cookies, wherever they appear. */
export const redactedPaths = [
  'password',
  '*.password',
  'new_password',
  '*.new_password',
  'current_password',
  '*.current_password',
  'token',
  '*.token',
  'access_token',
  '*.access_token',
  'refresh_token',
  '*.refresh_token',
  'authorization',
  '*.authorization',
  'cookie',
  '*.cookie',
  'set-cookie',
  '*["set-cookie"]',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-service-token"]',
  'res.headers["set-cookie"]',
  'card_number',
  '*.card_number',
  'secret',
  '*.secret',
];

export interface CreateLoggerOptions {
  service: string;
  level?: string;
  /** Where lines go; stdout by default. Tests pass a stream to read them back. */
  destination?: DestinationStream;
}

/** Creates the root logger of a service. Children add `request_id`, `trace_id`, `span_id`. */
export function createLogger(options: CreateLoggerOptions): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    base: { service: options.service },
    messageKey: 'msg',
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: redactedPaths, censor: '[redacted]' },
  };
  // Asynchronous stdout: a request's log line must not cost it a write syscall. pino flushes what is
  // pending when the process exits.
  return pino(config, options.destination ?? pino.destination({ dest: 1, sync: false }));
}

/** A logger that writes nothing, for tests and tools that must stay quiet. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
