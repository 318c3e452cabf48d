import { describe, expect, it } from 'vitest';
import { isAppError } from '@bodega/errors';
import { createServiceAuth } from './service-auth.js';
import {
  formatServicePublicKeys,
  generateServicePrivateKey,
  parseServicePublicKeys,
} from './service-keys.js';
import { createServiceTokenSigner } from './service-token.js';
import { SERVICE_TOKEN_HEADER, allowedCallersOf, serviceTokenGuard } from './service-token-guard.js';

const NOW = new Date('2026-01-15T10:00:00Z');
const privateKeys = {
  orders: generateServicePrivateKey(),
  analytics: generateServicePrivateKey(),
  payments: generateServicePrivateKey(),
};
const publicKeys = parseServicePublicKeys(formatServicePublicKeys(privateKeys));

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isAppError(error) ? error.code : error;
}

const call = (token: string | undefined) => ({ headers: { [SERVICE_TOKEN_HEADER]: token } });
const tokenOf = (service: keyof typeof privateKeys, audience = 'payments', now = () => NOW) =>
  createServiceTokenSigner(privateKeys[service], service, { now }).token(audience);

describe('the guard of internal routes', () => {
  it('lets a valid token through on every call, and refuses it once expired though it verified before', async () => {
    let now = NOW;
    const onlyOrders = serviceTokenGuard(publicKeys, { audience: 'payments', now: () => now }).allow(
      'orders',
    );
    const token = await tokenOf('orders');
    await expect(onlyOrders(call(token))).resolves.toBeUndefined();
    await expect(onlyOrders(call(token))).resolves.toBeUndefined();

    // One minute of life, five seconds of tolerated skew.
    now = new Date(NOW.getTime() + 64_000);
    await expect(onlyOrders(call(token))).resolves.toBeUndefined();
    now = new Date(NOW.getTime() + 66_000);
    expect(await codeOf(onlyOrders(call(token)))).toBe('TOKEN_EXPIRED');
  });

  it('refuses a caller not on the route’s list with 403 SERVICE_NOT_ALLOWED, even once its token is remembered', async () => {
    const guard = serviceTokenGuard(publicKeys, { audience: 'payments', now: () => NOW });
    const capture = guard.allow('orders');
    const ops = guard.allow('analytics');
    const analytics = await tokenOf('analytics');

    // The token verified (and is remembered) on the route analytics may call...
    await expect(ops(call(analytics))).resolves.toBeUndefined();
    // ...and is still refused, every time, on the route only orders may call.
    expect(await codeOf(capture(call(analytics)))).toBe('SERVICE_NOT_ALLOWED');
    expect(await codeOf(capture(call(analytics)))).toBe('SERVICE_NOT_ALLOWED');
    expect(await codeOf(capture(call(undefined)))).toBe('AUTHENTICATION_REQUIRED');
    expect(await codeOf(capture(call('')))).toBe('AUTHENTICATION_REQUIRED');
  });

  it('never remembers a token that failed: another audience or a forged issuer fails every time', async () => {
    const capture = serviceTokenGuard(publicKeys, { audience: 'payments', now: () => NOW }).allow('orders');
    const forCatalog = await tokenOf('orders', 'catalog');
    expect(await codeOf(capture(call(forCatalog)))).toBe('INVALID_TOKEN');
    expect(await codeOf(capture(call(forCatalog)))).toBe('INVALID_TOKEN');

    // Analytics' key, orders' name: what a compromised analytics would try.
    const forged = await createServiceTokenSigner(privateKeys.analytics, 'orders', { now: () => NOW }).token(
      'payments',
    );
    expect(await codeOf(capture(call(forged)))).toBe('INVALID_TOKEN');
    expect(await codeOf(capture(call(forged)))).toBe('INVALID_TOKEN');
  });

  it('marks each hook with its callers, and refuses a route that names none', () => {
    const guard = serviceTokenGuard(publicKeys, { audience: 'payments' });

    expect(allowedCallersOf(guard.allow('orders', 'gateway'))).toEqual(['orders', 'gateway']);
    expect(allowedCallersOf(() => undefined)).toBeUndefined();
    expect(allowedCallersOf(undefined)).toBeUndefined();
    expect(() => guard.allow()).toThrow(expect.objectContaining({ code: 'NO_SERVICE_CALLERS' }));
  });
});

describe('a service’s auth, built from its configuration', () => {
  it('signs as the service, lets its listed callers in and derives its own secrets', async () => {
    const payments = createServiceAuth({
      service: 'payments',
      privateKey: privateKeys.payments,
      publicKeys: formatServicePublicKeys(privateKeys),
      now: () => new Date(),
    });
    const orders = createServiceAuth({
      service: 'orders',
      privateKey: privateKeys.orders,
      publicKeys: formatServicePublicKeys(privateKeys),
    });

    expect(payments.service).toBe('payments');
    await expect(
      payments.allow('orders')(call(await orders.signer.token('payments'))),
    ).resolves.toBeUndefined();
    expect(payments.derivedKey('search-cursor')).not.toEqual(orders.derivedKey('search-cursor'));
  });
});
