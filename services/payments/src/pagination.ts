import { isUuid } from '@bodega/db';
import { ValidationError } from '@bodega/errors';

/**
 * Keyset cursors, opaque to clients: inside, a kind tag and the last id of the page (UUIDv7, so
 * creation order). Decoding is strict: anything this API did not write is a 400, never a 500.
 */
export function encodeCursor(kind: string, lastId: string): string {
  return Buffer.from(`${kind}:${lastId}`, 'utf8').toString('base64url');
}

export function decodeCursor(kind: string, cursor: string): string {
  const invalid = () =>
    ValidationError('The cursor is not one this API returned', {
      code: 'INVALID_CURSOR',
      details: { field: 'cursor' },
    });
  // Node's base64 decoder skips characters it does not know; round-tripping catches them.
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  const id = text.slice(prefix.length);
  if (!text.startsWith(prefix) || !isUuid(id) || encodeCursor(kind, id) !== cursor) throw invalid();
  return id;
}
