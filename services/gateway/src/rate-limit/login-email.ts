import { createHash } from 'node:crypto';
import { parseJsonBody } from '@bodega/kit';

/**
 * The counter key of the email a login attempt names, or `undefined` when the body names none (identity
 * then refuses the request anyway). The body is read as identity reads it (`parseJsonBody`: a BOM,
 * UTF-16 and UTF-32 included), so no body identity accepts escapes its counter. Normalized as identity
 * normalizes it, so `Bob@X.com ` and `bob@x.com` share a counter; hashed, so rate-limit keys in Redis
 * hold no addresses. This is the only body the gateway ever parses.
 */
export function loginEmailKey(body: unknown, contentType?: string): string | undefined {
  if (!Buffer.isBuffer(body) || body.length === 0) return undefined;
  let parsed: unknown;
  try {
    parsed = parseJsonBody(body, contentType);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || !('email' in parsed)) return undefined;
  const { email } = parsed;
  if (typeof email !== 'string') return undefined;
  const normalized = email.trim().toLowerCase();
  if (normalized.length === 0) return undefined;
  return createHash('sha256').update(normalized).digest('base64url');
}
