import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT8_MAX } from '@bodega/contracts';
import {
  databaseBackends,
  jsonWithNumber,
  NUMBER_HERE,
  outOfRangeCases,
  type TestUser,
} from '@bodega/testing';
import { MAX_AMOUNT } from '../src/payments/payment.js';
import { API, authorization, call, expectError, type PaymentJson } from './support/api.js';
import { startPayments, type PaymentsUnderTest } from './support/payments.js';

describe.each(databaseBackends())('numbers payments cannot hold, on $name', (backend) => {
  let payments: PaymentsUnderTest;
  let manager: TestUser;
  let paymentId: string;

  beforeAll(async () => {
    payments = await startPayments(backend);
    manager = await payments.identity.user('manager');
    const authorized = await payments.internal(
      'POST',
      '/internal/payments/authorize',
      authorization(randomUUID()),
    );
    expect(authorized.statusCode, authorized.body).toBe(201);
    paymentId = authorized.json<PaymentJson>().id;
    expect((await payments.internal('POST', `/internal/payments/${paymentId}/capture`)).statusCode).toBe(200);
  });
  afterAll(async () => {
    await payments.close();
  });

  it.each(outOfRangeCases)(
    'answers %s as a refund amount or a limit with a 4xx in the standard body, never 500',
    async (_label, number) => {
      const refund = await call(payments.app, {
        method: 'POST',
        url: `${API}/payments/${paymentId}/refund`,
        token: manager.token,
        headers: { 'idempotency-key': randomUUID() },
        body: jsonWithNumber({ amount: { amount: NUMBER_HERE, currency: 'USD' } }, number),
      });
      // Money is a bigint column: a figure it holds is the refund rule's to refuse (more than was paid).
      if (BigInt(number) > BigInt(INT8_MAX)) expectError(refund, 400, 'VALIDATION_ERROR');
      else if (BigInt(number) > BigInt(MAX_AMOUNT)) expectError(refund, 422, 'INVALID_AMOUNT');
      else expectError(refund, 422, 'REFUND_EXCEEDS_CAPTURED');
      expectError(
        await call(payments.app, {
          method: 'GET',
          url: `${API}/payments?limit=${number}`,
          token: manager.token,
        }),
        400,
        'VALIDATION_ERROR',
      );
      const after = await call(payments.app, {
        method: 'GET',
        url: `${API}/payments/${paymentId}`,
        token: manager.token,
      });
      expect(after.json()).toMatchObject({ status: 'captured' });
    },
  );
});
