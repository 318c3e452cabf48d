/**
 * The keys of service tokens: one Ed25519 key pair per service. Configuration carries both halves as
 * base64url of the raw 32-byte keys (RFC 8032), short enough for an environment variable:
 * `SERVICE_PRIVATE_KEY` for the service's own, `SERVICE_PUBLIC_KEYS` (`name:key,...`) for its callers'.
 */
import { createPrivateKey, createPublicKey, hkdfSync, randomBytes, type KeyObject } from 'node:crypto';
import { Internal } from '@bodega/errors';

/** A service name: lowercase, as in `orders`. */
export const SERVICE_NAME = /^[a-z][a-z0-9-]{0,62}$/;

const RAW_KEY = /^[A-Za-z0-9_-]{43}$/;
/** RFC 8410's PKCS #8 wrapping of a raw Ed25519 private key: this prefix, then the 32 bytes. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** A service's private key, imported, with what it derives. */
export interface ServicePrivateKey {
  readonly key: KeyObject;
  /** The matching public key, as `SERVICE_PUBLIC_KEYS` carries it. */
  readonly publicKey: string;
  /** A 32-byte secret for `purpose`, derived with HKDF: the same on every replica, unknown to other services. */
  derive(purpose: string): Buffer;
}

/** Public keys by service name; a name may have two while its key rotates. */
export type ServicePublicKeys = ReadonlyMap<string, readonly KeyObject[]>;

/** A new private key, base64url of 32 random bytes (what `bodega keys` prints). */
export function generateServicePrivateKey(): string {
  return randomBytes(32).toString('base64url');
}

/** Imports `SERVICE_PRIVATE_KEY`. Throws Internal `INVALID_SERVICE_KEY` unless it is 32 bytes of base64url. */
export function importServicePrivateKey(encoded: string): ServicePrivateKey {
  const trimmed = encoded.trim();
  if (!RAW_KEY.test(trimmed)) throw invalidKey('SERVICE_PRIVATE_KEY is not 32 bytes of base64url');
  const seed = Buffer.from(trimmed, 'base64url');
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const { x } = createPublicKey(key).export({ format: 'jwk' });
  return {
    key,
    publicKey: String(x),
    derive: (purpose) => Buffer.from(hkdfSync('sha256', seed, '', `bodega:${purpose}`, 32)),
  };
}

/** The `SERVICE_PUBLIC_KEYS` value for these private keys, by service name. */
export function formatServicePublicKeys(privateKeys: Readonly<Record<string, string>>): string {
  return Object.entries(privateKeys)
    .map(([service, privateKey]) => `${service}:${importServicePrivateKey(privateKey).publicKey}`)
    .join(',');
}

/**
 * Parses `SERVICE_PUBLIC_KEYS`: `name:<base64url raw key>` entries separated by commas. Throws Internal
 * `INVALID_SERVICE_KEY` naming the first bad entry, so a typo stops the service at boot.
 */
export function parseServicePublicKeys(value: string): ServicePublicKeys {
  const keys = new Map<string, KeyObject[]>();
  for (const entry of value.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const [service = '', encoded = '', ...rest] = trimmed.split(':');
    if (!SERVICE_NAME.test(service) || !RAW_KEY.test(encoded) || rest.length > 0) {
      throw invalidKey(`SERVICE_PUBLIC_KEYS: "${trimmed.slice(0, 80)}" is not name:<32 bytes of base64url>`);
    }
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: encoded }, format: 'jwk' });
    keys.set(service, [...(keys.get(service) ?? []), key]);
  }
  return keys;
}

function invalidKey(message: string) {
  return Internal(message, { code: 'INVALID_SERVICE_KEY' });
}
