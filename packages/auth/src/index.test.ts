import { describe, expect, it } from 'vitest';
import * as auth from './index.js';

describe('@bodega/auth', () => {
  it('exports its API from the package entry point', () => {
    expect(Object.keys(auth).sort()).toEqual(
      [
        'ACCESS_TOKEN_ALG',
        'DEFAULT_ACCESS_TOKEN_TTL_SECONDS',
        'DEFAULT_AUDIENCE',
        'DEFAULT_ISSUER',
        'KeyRing',
        'ROLES',
        'SERVICE_TOKEN_ALG',
        'SERVICE_TOKEN_HEADER',
        'SERVICE_TOKEN_TTL_SECONDS',
        'allowedCallersOf',
        'createServiceAuth',
        'createServiceTokenSigner',
        'formatServicePublicKeys',
        'generateServicePrivateKey',
        'importServicePrivateKey',
        'parseServicePublicKeys',
        'createVerifier',
        'exportSigningKey',
        'generateSigningKey',
        'hasRole',
        'importSigningKey',
        'importSigningKeyFromPem',
        'isRole',
        'loadOrCreateSigningKey',
        'parseBearer',
        'requireAuthenticated',
        'requireRole',
        'requireSelfOrRole',
        'serviceTokenGuard',
        'signAccessToken',
        'verifyServiceToken',
      ].sort(),
    );
  });
});
