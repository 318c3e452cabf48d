import { ValidationError } from '@bodega/errors';
import { isUuid } from './ids.js';

/**
 * Keyset cursors, opaque to clients: inside, a kind tag and the last key of the page (by default a
 * UUIDv7 id, so creation order). Decoding is strict: anything this API did not write is a 400
 * `INVALID_CURSOR`, never a 500.
 */
export function encodeCursor(kind: string, lastKey: string): string {
  return Buffer.from(`${kind}:${lastKey}`, 'utf8').toString('base64url');
}

/** The key inside `cursor`, checked with `isKey` (a UUID by default). */
export function decodeCursor(kind: string, cursor: string, isKey: (key: string) => boolean = isUuid): string {
  const invalid = () =>
    ValidationError('The cursor is not one this API returned', {
      code: 'INVALID_CURSOR',
      details: { field: 'cursor' },
    });
  // Node's base64 decoder skips characters it does not know; round-tripping catches them.
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) throw invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const prefix = `${kind}:`;
  const key = text.slice(prefix.length);
  if (!text.startsWith(prefix) || key === '' || !isKey(key) || encodeCursor(kind, key) !== cursor)
    throw invalid();
  return key;
}
