import { createHash, randomBytes } from 'node:crypto';

/** A new guest cart token: 256 random bits, URL-safe. Only its hash is stored. */
export function newCartToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps of a token: its SHA-256, hex. */
export function hashCartToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const tokenPattern = /^[A-Za-z0-9_-]{16,128}$/;

/** The `X-Cart-Token` header when it looks like a token; anything else is treated as absent. */
export function cartTokenOf(header: string | string[] | undefined): string | undefined {
  const value = Array.isArray(header) ? header[0] : header;
  return value !== undefined && tokenPattern.test(value) ? value : undefined;
}
