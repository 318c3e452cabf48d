import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT, base64url, type CryptoKey } from 'jose';

export interface Claims {
  sub: string;
  role: string;
  sid: string;
}

/** A token signed like identity's, with knobs to make it wrong in one way. */
export async function craftToken(
  key: { privateKey: CryptoKey; kid: string },
  claims: Claims,
  options: { issuedAt?: Date; ttlSeconds?: number; issuer?: string; audience?: string } = {},
): Promise<string> {
  const iat = Math.floor((options.issuedAt ?? new Date()).getTime() / 1000);
  return new SignJWT({ role: claims.role, sid: claims.sid })
    .setProtectedHeader({ alg: 'EdDSA', kid: key.kid, typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(options.issuer ?? 'bodega-identity')
    .setAudience(options.audience ?? 'bodega')
    .setIssuedAt(iat)
    .setExpirationTime(iat + (options.ttlSeconds ?? 900))
    .setJti(randomUUID())
    .sign(key.privateKey);
}

/** A token with `alg: none` and no signature: must never be accepted. */
export function unsignedToken(kid: string, claims: Claims): string {
  const now = Math.floor(Date.now() / 1000);
  const encode = (value: unknown) => base64url.encode(JSON.stringify(value));
  const header = encode({ alg: 'none', kid, typ: 'JWT' });
  const payload = encode({
    ...claims,
    iss: 'bodega-identity',
    aud: 'bodega',
    iat: now,
    exp: now + 900,
    jti: randomUUID(),
  });
  return `${header}.${payload}.`;
}

/** The same payload with a changed claim and the original signature: a forgery. */
export function tamperedToken(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(new TextDecoder().decode(base64url.decode(payload!))) as Record<string, unknown>;
  return `${header}.${base64url.encode(JSON.stringify({ ...claims, ...change }))}.${signature}`;
}

/** A key identity never had, for tokens signed by someone else. */
export async function strangerKey(kid: string) {
  const { privateKey } = await generateKeyPair('EdDSA');
  return { privateKey, kid };
}
