import type { FastifyBaseLogger } from 'fastify';
import type { Upstream } from '@bodega/http-client';
import { openApiPath, type OpenApiDocument } from '@bodega/kit';
import type { PublicRoute, UpstreamName } from '../routes/route-table.js';
import { publicDocument } from './public-document.js';

export interface DocumentSourceOptions {
  /** The services behind the gateway, in the order their operations appear. */
  services: readonly UpstreamName[];
  /** A service's own document (`GET /openapi.json` on its port); rejects when it cannot be had. */
  fetchDocument(service: UpstreamName): Promise<OpenApiDocument>;
  /** The gateway's own document. */
  ownDocument(): Promise<OpenApiDocument>;
  table: readonly PublicRoute[];
  logger: FastifyBaseLogger;
  now?: () => number;
  /** How long a complete document is reused. */
  ttlMs?: number;
  /** How long a document missing a service is reused, before that service is asked again. */
  retryMs?: number;
}

/** The merged document of the public API, kept for a short while. */
export interface DocumentSource {
  /** The document, built again once too old. Never rejects: a service that is down is left out. */
  current(): Promise<OpenApiDocument>;
  /** The last document built, if any (for synchronous readers, after `current`). */
  latest(): OpenApiDocument | undefined;
}

interface Built {
  document: OpenApiDocument;
  complete: boolean;
}

/**
 * Builds the public document from every service's own at first request, and again when it is older
 * than `ttlMs` (`retryMs` while a service is missing, so its operations come back soon after it
 * does). One build at a time: requests that arrive meanwhile share it.
 */
export function createDocumentSource(options: DocumentSourceOptions): DocumentSource {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 30_000;
  const retryMs = options.retryMs ?? 5_000;
  let cached: { at: number; built: Promise<Built> } | undefined;
  let latest: OpenApiDocument | undefined;

  /** A part of the document, or undefined (with a warning) when it cannot be had. */
  const attempt = async <T>(part: string, load: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await load();
    } catch (error) {
      options.logger.warn(
        { err: error, service: part },
        `the OpenAPI document of ${part} is unavailable: its operations are left out of /api/docs`,
      );
      return undefined;
    }
  };

  const build = async (): Promise<Built> => {
    const [own, ...answers] = await Promise.all([
      attempt('gateway', () => options.ownDocument()),
      ...options.services.map(async (service) => {
        const document = await attempt(service, () => options.fetchDocument(service));
        return document && { service, document };
      }),
    ]);
    const services = answers.filter((answer) => answer !== undefined);
    const missing: string[] = options.services.filter(
      (service) => !services.some((answer) => answer.service === service),
    );
    if (own === undefined) missing.push('gateway');
    const document = publicDocument({ services, gateway: own, missing, table: options.table });
    latest = document;
    return { document, complete: missing.length === 0 };
  };

  const refresh = () => {
    cached = { at: now(), built: build() };
    return cached;
  };

  return {
    async current() {
      const entry = cached ?? refresh();
      const built = await entry.built;
      if (now() - entry.at < (built.complete ? ttlMs : retryMs)) return built.document;
      // The first request to find it stale starts the next build; the others share that one.
      const next = cached === entry || cached === undefined ? refresh() : cached;
      return (await next.built).document;
    },
    latest: () => latest,
  };
}

/**
 * A service's own document, through the gateway's client of it (retries, circuit breaker), with a
 * deadline of its own: a hung service must not hold the docs page for the whole upstream timeout.
 */
export async function fetchDocument(upstream: Upstream, timeoutMs = 2_000): Promise<OpenApiDocument> {
  const response = await upstream.request({
    method: 'GET',
    path: openApiPath,
    headers: { accept: 'application/json' },
    timeoutMs,
  });
  if (response.status !== 200) throw new Error(`${openApiPath} answered ${response.status}`);
  const document = response.json<{ openapi?: unknown; paths?: unknown }>();
  if (typeof document.openapi !== 'string' || typeof document.paths !== 'object' || document.paths === null)
    throw new Error(`${openApiPath} is not an OpenAPI document`);
  return document as OpenApiDocument;
}
