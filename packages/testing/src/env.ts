/**
 * Which real backends this test run has. The embedded implementations (PGlite, the in-process bus,
 * the memory cache) always run; the real ones run as well when their URL is set, as in CI, so a
 * contract suite covers every implementation there and nothing silently skips.
 */
export interface RealBackends {
  postgres: string | undefined;
  redis: string | undefined;
  amqp: string | undefined;
}

export function realBackends(env: NodeJS.ProcessEnv = process.env): RealBackends {
  return {
    postgres: env.DATABASE_URL || undefined,
    redis: env.REDIS_URL || undefined,
    amqp: env.AMQP_URL || undefined,
  };
}

/** A unique, lowercase, identifier-safe suffix for throwaway databases, queues and keys. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
