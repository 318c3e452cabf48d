import type { ServiceTokenSigner } from '@bodega/auth';
import type { EdgeHit } from '@bodega/contracts';
import type { Upstream } from '@bodega/http-client';
import type { Logger } from '@bodega/logging';

export interface HitReportsOptions {
  /** The gateway's signer: each upstream gets a token naming it. */
  signer: ServiceTokenSigner;
  logger: Logger;
  /** How often pending hits are sent. */
  intervalMs?: number;
  /** Pending hits per upstream beyond which new ones are dropped (and counted). */
  maxPending?: number;
  timeoutMs?: number;
}

export interface HitReports {
  record(upstream: Upstream, hit: EdgeHit): void;
  /** Sends what is pending now. */
  flush(): Promise<void>;
  /** Hits dropped: buffer full, or the upstream did not take them. */
  readonly dropped: number;
  close(): Promise<void>;
}

const BATCH = 1000;

/**
 * Tells each upstream, in batches, about the requests the edge cache answered for it, so it still
 * counts what it did not serve (catalog records them as product views). Best effort, like the views
 * themselves: a batch the upstream does not take is dropped and counted, never retried into a pile.
 */
export function createHitReports(options: HitReportsOptions): HitReports {
  const { signer } = options;
  const maxPending = options.maxPending ?? 20_000;
  const pending = new Map<Upstream, EdgeHit[]>();
  let dropped = 0;
  let sending: Promise<void> = Promise.resolve();

  const send = async (upstream: Upstream, hits: EdgeHit[]) => {
    try {
      const answer = await upstream.request({
        method: 'POST',
        path: '/internal/edge-hits',
        headers: { 'x-service-token': await signer.token(upstream.name) },
        body: { hits },
        timeoutMs: options.timeoutMs ?? 5_000,
      });
      if (answer.status !== 204) throw new Error(`answered ${answer.status}`);
    } catch (error) {
      dropped += hits.length;
      options.logger.warn(
        { err: error, upstream: upstream.name, hits: hits.length },
        'edge hits not reported',
      );
    }
  };

  const flush = () => {
    const batches = [...pending];
    pending.clear();
    // One flush at a time, so batches reach an upstream in order.
    sending = sending.then(async () => {
      for (const [upstream, hits] of batches) {
        for (let i = 0; i < hits.length; i += BATCH) await send(upstream, hits.slice(i, i + BATCH));
      }
    });
    return sending;
  };
  const timer = setInterval(() => void flush(), options.intervalMs ?? 1_000);
  timer.unref();

  return {
    record(upstream, hit) {
      let hits = pending.get(upstream);
      if (!hits) pending.set(upstream, (hits = []));
      if (hits.length >= maxPending) {
        dropped++;
        return;
      }
      hits.push(hit);
    },
    flush,
    get dropped() {
      return dropped;
    },
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}
