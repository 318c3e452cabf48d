/**
 * Hand-made JWTs, as an attacker makes them: any header, any claims, signed with any key or not at
 * all. Built with node:crypto alone, so nothing in them comes from the code under test.
 */
import { createHmac, createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Json } from './http.js';

const encode = (value: Json) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The header and claims of a token (no check of its signature). */
export function decode(token: string): { header: Json; claims: Json; signature: string } {
  const [header = '', claims = '', signature = ''] = token.split('.');
  return {
    header: JSON.parse(Buffer.from(header, 'base64url').toString()) as Json,
    claims: JSON.parse(Buffer.from(claims, 'base64url').toString()) as Json,
    signature,
  };
}

/** An EdDSA (Ed25519) token with this header and these claims, signed with `key` (a PEM or a key). */
export function signEdDsa(header: Json, claims: Json, key: string | KeyObject): string {
  const privateKey = typeof key === 'string' ? createPrivateKey(key) : key;
  const input = `${encode({ alg: 'EdDSA', typ: 'JWT', ...header })}.${encode(claims)}`;
  return `${input}.${sign(null, Buffer.from(input), privateKey).toString('base64url')}`;
}

/** An HS256 token keyed with `secret`: the algorithm-confusion attack when the secret is a public key. */
export function signHs256(header: Json, claims: Json, secret: string): string {
  const input = `${encode({ ...header, alg: 'HS256', typ: 'JWT' })}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned token (`alg: none`). */
export function unsigned(header: Json, claims: Json): string {
  return `${encode({ ...header, alg: 'none', typ: 'JWT' })}.${encode(claims)}.`;
}

/** `token` with its claims changed and its original signature kept. */
export function tampered(token: string, change: Json): string {
  const [header, , signature] = token.split('.');
  return `${header}.${encode({ ...decode(token).claims, ...change })}.${signature}`;
}

/** A signing key identity never had. */
export function strangerKey(): KeyObject {
  return generateKeyPairSync('ed25519').privateKey;
}
