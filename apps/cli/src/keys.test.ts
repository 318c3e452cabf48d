import { describe, expect, it } from 'vitest';
import { createServiceAuth } from '@bodega/auth';
import { keyHolders, serviceKeyLines } from './keys.js';

describe('bodega keys', () => {
  it('prints a private key per service and the CLI, and the public keys that verify each', async () => {
    const lines = serviceKeyLines().split('\n');
    const value = (key: string) => lines.find((line) => line.startsWith(`${key}=`))?.slice(key.length + 1);
    const publicKeys = value('SERVICE_PUBLIC_KEYS') ?? '';

    expect(keyHolders).toEqual([
      'identity',
      'catalog',
      'search',
      'payments',
      'orders',
      'analytics',
      'gateway',
      'cli',
    ]);
    expect(publicKeys.split(',').map((entry) => entry.split(':')[0])).toEqual(keyHolders);
    const payments = createServiceAuth({
      service: 'payments',
      privateKey: value('PAYMENTS_SERVICE_PRIVATE_KEY') ?? '',
      publicKeys,
    });
    const orders = createServiceAuth({
      service: 'orders',
      privateKey: value('ORDERS_SERVICE_PRIVATE_KEY') ?? '',
      publicKeys,
    });
    const token = await orders.signer.token('payments');
    await expect(
      payments.allow('orders')({ headers: { 'x-service-token': token } }),
    ).resolves.toBeUndefined();
    expect(serviceKeyLines()).not.toBe(serviceKeyLines());
  });
});
