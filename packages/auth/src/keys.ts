/**
 * Ed25519 signing keys for access tokens: generation, and the JSON and PEM forms they travel in.
 *
 * Embedded mode persists the JSON form under the data directory; distributed mode reads a PKCS#8 PEM
 * from the environment or a mounted secret.
 */
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, importPKCS8 } from 'jose';
import type { CryptoKey, JWK } from 'jose';
import { Internal } from '@bodega/errors';

/** The JWS algorithm of every access token. */
export const ACCESS_TOKEN_ALG = 'EdDSA';

/** The public half of a signing key as published in the JWKS. */
export interface PublicJwk extends JWK {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: typeof ACCESS_TOKEN_ALG;
  use: 'sig';
}

/** An Ed25519 key pair ready to sign access tokens. */
export interface SigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicJwk: PublicJwk;
  readonly createdAt: Date;
}

/** The JSON-serialisable form of a signing key; it holds the private key, so store it like a secret. */
export interface ExportedSigningKey {
  kid: string;
  privateJwk: JWK;
  publicJwk: PublicJwk;
  /** RFC 3339 UTC. */
  created_at: string;
}

/** Generates a fresh Ed25519 key whose `kid` is its RFC 7638 thumbprint. */
export async function generateSigningKey(now: Date = new Date()): Promise<SigningKey> {
  // Extractable so that embedded mode can persist the key and reuse it across restarts.
  const { privateKey } = await generateKeyPair(ACCESS_TOKEN_ALG, { extractable: true });
  return fromPrivateKey(privateKey, undefined, now);
}

/** The JSON form of `key`, for persisting it. */
export async function exportSigningKey(key: SigningKey): Promise<ExportedSigningKey> {
  return {
    kid: key.kid,
    privateJwk: await exportJWK(key.privateKey),
    publicJwk: { ...key.publicJwk },
    created_at: key.createdAt.toISOString(),
  };
}

/** Reads the JSON form written by {@link exportSigningKey}; throws if it is not a consistent Ed25519 key. */
export async function importSigningKey(json: unknown): Promise<SigningKey> {
  if (!isRecord(json) || !isNonEmptyString(json.kid) || !isRecord(json.privateJwk)) {
    throw invalidKey('expected { kid, privateJwk, publicJwk, created_at }');
  }
  const { kid, privateJwk } = json;
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !isNonEmptyString(privateJwk.d)) {
    throw invalidKey('privateJwk is not an Ed25519 private key');
  }
  const createdAt = typeof json.created_at === 'string' ? new Date(json.created_at) : new Date(Number.NaN);
  if (Number.isNaN(createdAt.getTime())) throw invalidKey('created_at is not a timestamp');
  const privateKey = await importPrivate(() =>
    importJWK(privateJwk as JWK, ACCESS_TOKEN_ALG, { extractable: true }),
  );
  const key = await fromPrivateKey(privateKey, kid, createdAt);
  // The public half is derived from the private key; a stored one that disagrees means a corrupted file.
  if (isRecord(json.publicJwk) && json.publicJwk.x !== key.publicJwk.x) {
    throw invalidKey('publicJwk does not match privateJwk');
  }
  return key;
}

/**
 * Reads an Ed25519 private key in PKCS#8 PEM form. `kid` defaults to the key's RFC 7638 thumbprint, so
 * every replica given the same secret publishes the same `kid`.
 */
export async function importSigningKeyFromPem(
  pkcs8Pem: string,
  kid?: string,
  now: Date = new Date(),
): Promise<SigningKey> {
  // Environment variables often carry PEMs with their newlines escaped.
  const pem = pkcs8Pem.replace(/\\n/g, '\n').trim();
  const privateKey = await importPrivate(() => importPKCS8(pem, ACCESS_TOKEN_ALG, { extractable: true }));
  return fromPrivateKey(privateKey, kid, now);
}

async function fromPrivateKey(
  privateKey: CryptoKey,
  kid: string | undefined,
  createdAt: Date,
): Promise<SigningKey> {
  const { x } = await exportJWK(privateKey);
  if (x === undefined) throw invalidKey('not an Ed25519 private key');
  const bare = { kty: 'OKP', crv: 'Ed25519', x } as const;
  const resolvedKid = kid ?? (await calculateJwkThumbprint(bare));
  return {
    kid: resolvedKid,
    privateKey,
    publicJwk: { ...bare, kid: resolvedKid, alg: ACCESS_TOKEN_ALG, use: 'sig' },
    createdAt,
  };
}

async function importPrivate(load: () => Promise<CryptoKey | Uint8Array>): Promise<CryptoKey> {
  let key: CryptoKey | Uint8Array;
  try {
    key = await load();
  } catch (cause) {
    throw invalidKey('not an Ed25519 private key', cause);
  }
  if (key instanceof Uint8Array || key.type !== 'private' || key.algorithm.name !== 'Ed25519') {
    throw invalidKey('not an Ed25519 private key');
  }
  return key;
}

function invalidKey(reason: string, cause?: unknown) {
  return Internal(`Invalid signing key: ${reason}`, { code: 'INVALID_SIGNING_KEY', cause });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}
