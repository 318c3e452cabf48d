import { Type } from '@sinclair/typebox';
import type { KeyRing } from '@bodega/auth';
import type { ServiceApp } from '@bodega/kit';

const PublicJwkSchema = Type.Object(
  {
    kty: Type.Literal('OKP'),
    crv: Type.Literal('Ed25519'),
    x: Type.String(),
    kid: Type.String(),
    alg: Type.Literal('EdDSA'),
    use: Type.Literal('sig'),
  },
  { additionalProperties: false },
);
const JwksSchema = Type.Object({ keys: Type.Array(PublicJwkSchema) }, { additionalProperties: false });

/** The public keys every service verifies access tokens with (unprefixed, as RFC 8414 places it). */
export function registerJwksRoute(app: ServiceApp, keyRing: KeyRing): void {
  app.get(
    '/.well-known/jwks.json',
    { schema: { summary: 'Public keys of access tokens (JWKS)', response: { 200: JwksSchema } } },
    async (_request, reply) => {
      // Verifiers cache it; a rotation keeps the old key published, so a stale cache still verifies.
      void reply.header('cache-control', 'public, max-age=300');
      return { keys: [...keyRing.jwks().keys] };
    },
  );
}
