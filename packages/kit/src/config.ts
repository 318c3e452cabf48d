import { Type, type TObject, type TProperties } from '@bodega/config';

/**
 * The keys every service reads. A service's schema is these plus its own (`serviceConfig`).
 * Distributed mode is chosen by the presence of the URLs (ARCHITECTURE "Configuration").
 */
export function baseConfigProperties(defaultPort: number) {
  return {
    HOST: Type.String({
      default: '127.0.0.1',
      description: 'Interface to listen on (0.0.0.0 in containers)',
    }),
    PORT: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: defaultPort,
      description: 'HTTP port (0 picks a free one)',
    }),
    LOG_LEVEL: Type.Union(
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((level) => Type.Literal(level)),
      { default: 'info', description: 'Lowest level written to the log' },
    ),
    DATABASE_URL: Type.Optional(
      Type.String({
        pattern: '^postgres(ql)?://',
        description: "This service's PostgreSQL database; unset: embedded PGlite",
      }),
    ),
    DATABASE_POOL_MAX: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 10,
      description:
        'Most PostgreSQL connections the service pool opens (LISTEN takes one more); replicas x services x this must fit max_connections',
    }),
    REDIS_URL: Type.Optional(
      Type.String({
        pattern: '^rediss?://',
        description: 'Redis for cache and rate limits; unset: in-memory',
      }),
    ),
    AMQP_URL: Type.Optional(
      Type.String({ pattern: '^amqps?://', description: 'RabbitMQ for events; unset: in-process bus' }),
    ),
    AMQP_EXCHANGE: Type.String({
      default: 'bodega.events',
      pattern: '^[A-Za-z0-9._-]+$',
      description: 'The topic exchange every service publishes to; consumer queues are named after it',
    }),
    BODEGA_DATA_DIR: Type.String({
      default: '.bodega/data',
      description: 'Embedded mode: databases and generated keys and secrets',
    }),
    IDENTITY_URL: Type.String({
      default: 'http://127.0.0.1:8101',
      description: 'Where identity answers, for its JWKS (token verification)',
    }),
    SERVICE_PRIVATE_KEY: Type.Optional(
      Type.String({
        pattern: '^\\s*[A-Za-z0-9_-]{43}\\s*$',
        description:
          "This service's own Ed25519 key signing its service-to-service tokens, base64url of 32 bytes (`bodega keys` makes them; one per service: <SERVICE>_SERVICE_PRIVATE_KEY); generated in embedded mode",
      }),
    ),
    SERVICE_PUBLIC_KEYS: Type.Optional(
      Type.String({
        pattern: '^[A-Za-z0-9:_, -]+$',
        description:
          'Public keys of the services allowed to call this one, `name:<base64url>` separated by commas (a name twice while its key rotates); generated in embedded mode',
      }),
    ),
    BODY_LIMIT_BYTES: Type.Integer({
      minimum: 1024,
      default: 1_048_576,
      description: 'Largest request body accepted',
    }),
    // Without these a client that trickles its headers or body holds a socket (and its memory) forever.
    REQUEST_TIMEOUT_MS: Type.Integer({
      minimum: 100,
      maximum: 300_000,
      default: 30_000,
      description:
        'Longest a client may take to send a whole request, headers and body (408 and the connection closed beyond)',
    }),
    HEADERS_TIMEOUT_MS: Type.Integer({
      minimum: 100,
      maximum: 300_000,
      default: 10_000,
      description:
        "Longest a client may take to send a request's headers (408 and closed beyond); at most REQUEST_TIMEOUT_MS",
    }),
    KEEP_ALIVE_TIMEOUT_MS: Type.Integer({
      minimum: 100,
      maximum: 600_000,
      default: 72_000,
      description:
        'How long an idle keep-alive connection stays open between requests; longer than the idle timeout of a load balancer in front (60 s for most)',
    }),
    SOCKET_TIMEOUT_MS: Type.Integer({
      minimum: 1_000,
      maximum: 3_600_000,
      default: 120_000,
      description:
        'A connection on which no byte moves either way for this long is closed (a client that stopped reading its answer); longer than any request takes',
    }),
    MAX_CONNECTIONS: Type.Integer({
      minimum: 1,
      maximum: 1_000_000,
      default: 10_000,
      description: 'Most client connections open at once on each listener; further ones are closed at once',
    }),
    TRACING_ENABLED: Type.Boolean({
      default: true,
      description:
        'Record OpenTelemetry spans (requests, queries, Redis, events): kept in memory for the operations page, and exported when OTEL_EXPORTER_OTLP_ENDPOINT is set',
    }),
    TRACING_SAMPLE_RATIO: Type.Number({
      minimum: 0,
      maximum: 1,
      default: 1,
      description:
        "Share of new traces recorded (a caller's decision is followed); lower it under heavy traffic",
    }),
    OTEL_EXPORTER_OTLP_ENDPOINT: Type.Optional(
      Type.String({
        pattern: '^https?://',
        description:
          'An OTLP/HTTP collector (spans go to <url>/v1/traces); unset: traces kept in memory only',
      }),
    ),
    METRICS_ENABLED: Type.Boolean({
      default: true,
      description:
        'Per-request HTTP metrics and Node runtime metrics on /metrics (business and event counters stay)',
    }),
    SHUTDOWN_TIMEOUT_MS: Type.Integer({
      minimum: 0,
      default: 10_000,
      description:
        'Deadline of a shutdown (SIGTERM, SIGINT or SIGHUP): in-flight work gets this long, then the process exits with code 1 whatever is pending',
    }),
  };
}

export type BaseConfigProperties = ReturnType<typeof baseConfigProperties>;

/** The variables whose presence selects distributed mode (ARCHITECTURE "Configuration"). */
export const distributedBackendKeys = ['DATABASE_URL', 'REDIS_URL', 'AMQP_URL'] as const;

/** Embedded unless one of the real backends is configured. */
export function modeOf(
  config: Partial<Record<(typeof distributedBackendKeys)[number], string>>,
): 'embedded' | 'distributed' {
  return distributedBackendKeys.some((key) => Boolean(config[key])) ? 'distributed' : 'embedded';
}

/** A service's config schema: the common keys plus its own. */
export function serviceConfig<P extends TProperties>(
  defaultPort: number,
  own: P,
): TObject<BaseConfigProperties & P> {
  return Type.Object({ ...baseConfigProperties(defaultPort), ...own });
}

/**
 * The environment one service sees when several run from one environment (embedded mode, the
 * multi-process launcher): `<SERVICE>_<KEY>` overrides `<KEY>`, so `IDENTITY_PORT=0` moves identity alone.
 */
export function envForService(service: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const prefix = `${service.toUpperCase()}_`;
  const result: NodeJS.ProcessEnv = { ...env };
  for (const [key, value] of Object.entries(env)) {
    if (key.startsWith(prefix) && key.length > prefix.length) result[key.slice(prefix.length)] = value;
  }
  return result;
}
