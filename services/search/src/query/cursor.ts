/**
 * The opaque pagination cursor: the offset of the next page and a fingerprint of the query it
 * belongs to, signed (HMAC-SHA256) so a client can neither forge one nor carry one to another query.
 * Offsets over a stable order (ties broken by product id) keep relevance ordering simple; a change
 * between two page reads may shift an item across the boundary, which is the usual trade of offsets.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ValidationError } from '@bodega/errors';

/** Deep pagination stops here: nobody reads page 500, and deep offsets cost the database. */
export const MAX_OFFSET = 10_000;

interface CursorPayload {
  /** Offset of the next page. */
  o: number;
  /** Fingerprint of the query (filters and sort) the cursor continues. */
  f: string;
}

export interface CursorCodec {
  encode(offset: number, fingerprint: string): string;
  /** The offset, after checking signature, shape and query; throws ValidationError `INVALID_CURSOR`. */
  decode(cursor: string, fingerprint: string): number;
}

const cursorPattern = /^[A-Za-z0-9_-]{1,200}\.[A-Za-z0-9_-]{43}$/;

export function cursorCodec(key: Buffer): CursorCodec {
  const sign = (body: string) => createHmac('sha256', key).update(body).digest('base64url');
  return {
    encode(offset, fingerprint) {
      const body = Buffer.from(
        JSON.stringify({ o: offset, f: fingerprint } satisfies CursorPayload),
      ).toString('base64url');
      return `${body}.${sign(body)}`;
    },
    decode(cursor, fingerprint) {
      if (!cursorPattern.test(cursor)) throw invalidCursor();
      const [body = '', signature = ''] = cursor.split('.');
      const expected = Buffer.from(sign(body));
      const given = Buffer.from(signature);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidCursor();
      const payload = parse(body);
      if (!payload || payload.f !== fingerprint) throw invalidCursor();
      return payload.o;
    },
  };
}

function parse(body: string): CursorPayload | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null) return undefined;
    const { o, f } = value as Record<string, unknown>;
    if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || o > MAX_OFFSET) return undefined;
    if (typeof f !== 'string') return undefined;
    return { o, f };
  } catch {
    return undefined;
  }
}

function invalidCursor() {
  return ValidationError('The cursor is not valid for this query', {
    code: 'VALIDATION_ERROR',
    details: { field: 'cursor' },
  });
}
