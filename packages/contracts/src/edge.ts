/**
 * The gateway's edge cache and the services whose answers it keeps (catalog's product reads, and
 * identity's `GET /me`, kept per caller). An
 * upstream opts an answer in with `Surrogate-Control: max-age=N` and tags it with `Surrogate-Key`;
 * after every committed change it publishes the changed tags on {@link EDGE_PURGE_CHANNEL} (the
 * platform's broadcast), and the gateway drops what carries them. Hits served by the gateway are
 * reported back in batches to `POST /internal/edge-hits`, so the upstream still counts what it did
 * not serve (catalog turns them into product views).
 */
import { Type, type Static } from '@sinclair/typebox';
import { Timestamp, Uuid } from './dto.js';

/** The broadcast channel of purges; a message is the purged tags, separated by spaces. */
export const EDGE_PURGE_CHANNEL = 'edge-purge';

/** The tag of every stored answer that shows product `id`. */
export const productSurrogateKey = (id: string): string => `product:${id.toLowerCase()}`;

/** The tag of every stored answer that shows user `id` (their `GET /me`, one per access token). */
export const userSurrogateKey = (id: string): string => `user:${id.toLowerCase()}`;

/** One answer the gateway gave from its store instead of asking the upstream. */
export const EdgeHit = Type.Object(
  {
    /** The request's path and query, as the upstream would have seen them. */
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    /** The signed-in caller, when the request carried a valid token. */
    user_id: Type.Union([Uuid, Type.Null()]),
    /** The browser session (`X-Session-Id`), when sent. */
    session_id: Type.Union([Type.String({ maxLength: 128 }), Type.Null()]),
    at: Timestamp,
  },
  { additionalProperties: false },
);
export type EdgeHit = Static<typeof EdgeHit>;

/** `POST /internal/edge-hits`: a batch of hits, oldest first. */
export const EdgeHitReport = Type.Object(
  { hits: Type.Array(EdgeHit, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);
export type EdgeHitReport = Static<typeof EdgeHitReport>;
