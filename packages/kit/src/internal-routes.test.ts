import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  createServiceAuth,
  createServiceTokenSigner,
  formatServicePublicKeys,
  generateServicePrivateKey,
} from '@bodega/auth';
import { silentLogger } from '@bodega/logging';
import { createMetricsRegistry } from './metrics.js';
import { createService } from './service.js';
import { embeddedServiceKeys, loadOrCreateServiceKeys, serviceKeysDir } from './service-keys.js';

const keys = { payments: generateServicePrivateKey(), orders: generateServicePrivateKey() };
const analyticsKey = generateServicePrivateKey();
const publicKeys = formatServicePublicKeys({ ...keys, analytics: analyticsKey });

function payments() {
  return createService({
    name: 'payments',
    logger: silentLogger(),
    metrics: createMetricsRegistry('payments'),
  });
}

describe('internal routes in the service kit', () => {
  it('refuse to be added without naming their callers, in any scope', async () => {
    expect(() => payments().post('/internal/payments/refund', async () => ({}))).toThrow(
      /POST \/internal\/payments\/refund: an \/internal\/ route must name its callers/,
    );

    const scoped = payments();
    void scoped.register(async (internal) => {
      internal.addHook('onRequest', async () => undefined);
      internal.get('/internal/anything', async () => ({}));
    });
    await expect(scoped.ready()).rejects.toThrow(/an \/internal\/ route must name its callers/);
  });

  it('let through only the services their allow-list names', async () => {
    const auth = createServiceAuth({ service: 'payments', privateKey: keys.payments, publicKeys });
    const app = payments();
    app.post('/internal/payments/refund', { onRequest: auth.allow('orders') }, async () => ({
      refunded: true,
    }));
    app.get('/api/v1/public', async () => ({ ok: true }));
    await app.ready();
    const refund = async (signerKey: string, as: string) =>
      app.inject({
        method: 'POST',
        url: '/internal/payments/refund',
        headers: { 'x-service-token': await createServiceTokenSigner(signerKey, as).token('payments') },
      });

    expect((await refund(keys.orders, 'orders')).statusCode).toBe(200);
    const analytics = await refund(analyticsKey, 'analytics');
    expect(analytics.statusCode).toBe(403);
    expect(analytics.json().error.code).toBe('SERVICE_NOT_ALLOWED');
    expect((await refund(analyticsKey, 'orders')).json().error.code).toBe('INVALID_TOKEN');
    const anonymous = await app.inject({ method: 'POST', url: '/internal/payments/refund' });
    expect([anonymous.statusCode, anonymous.json().error.code]).toEqual([401, 'AUTHENTICATION_REQUIRED']);
    await app.close();
  });
});

describe('embedded service keys', () => {
  it('are one file per service in the data directory, kept across starts, unless the environment gives one', () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-service-keys-'));
    try {
      const given = generateServicePrivateKey();
      const first = loadOrCreateServiceKeys(dataDir, ['orders', 'catalog'], {
        CATALOG_SERVICE_PRIVATE_KEY: given,
      });
      const again = loadOrCreateServiceKeys(dataDir, ['orders', 'catalog']);

      expect(first.catalog).toBe(given);
      expect(again.orders).toBe(first.orders);
      expect(fs.readdirSync(serviceKeysDir(dataDir))).toEqual(['catalog.key', 'orders.key']);
      expect(fs.statSync(path.join(serviceKeysDir(dataDir), 'orders.key')).mode & 0o777).toBe(0o600);

      // A service started alone knows as callers every service whose key the directory holds.
      fs.writeFileSync(path.join(serviceKeysDir(dataDir), 'README'), 'not a key');
      const alone = embeddedServiceKeys(dataDir, 'payments');
      expect(alone.privateKey).toBe(loadOrCreateServiceKeys(dataDir, ['payments']).payments);
      expect(alone.publicKeys.split(',').map((entry) => entry.split(':')[0])).toEqual([
        'catalog',
        'orders',
        'payments',
      ]);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
