import { Payment, type Money } from '@bodega/contracts';
import type { ServiceClient } from './service-call.js';

export interface AuthorizeRequest {
  order_id: string;
  customer_id: string;
  amount: Money;
  card_number: string;
}

/**
 * Payments' internal API (packages/contracts/src/internal.ts and services/payments/README.md): every
 * call is idempotent by order id (authorize, void) or refund id. A 402 decline or another refusal
 * rejects with an `UpstreamRefusal`; anything else that goes wrong with `Unavailable`
 * `PAYMENTS_UNAVAILABLE`, after at most `PAYMENTS_TIMEOUT_MS`.
 */
export interface PaymentsClient {
  authorize(request: AuthorizeRequest): Promise<Payment>;
  capture(paymentId: string): Promise<Payment>;
  /** Voids the order's authorization, or records a void so that a late one is refused. */
  void(orderId: string, reason: string): Promise<void>;
  refund(orderId: string, refundId: string, reason: string): Promise<void>;
  /** The order's payment, or undefined when payments has none. */
  byOrder(orderId: string): Promise<Payment | undefined>;
}

export function createPaymentsClient(client: ServiceClient, timeoutMs: number): PaymentsClient {
  const post = async (path: string, body?: object) => {
    const response = await client.send('POST', path, body, timeoutMs);
    if (response.status >= 400) throw client.refusal(response);
    return response;
  };
  return {
    async authorize(request) {
      return client.parse(await post('/internal/payments/authorize', request), Payment);
    },
    async capture(paymentId) {
      return client.parse(await post(`/internal/payments/${paymentId}/capture`), Payment);
    },
    async void(orderId, reason) {
      await post('/internal/payments/void', { order_id: orderId, reason });
    },
    async refund(orderId, refundId, reason) {
      await post('/internal/payments/refund', { order_id: orderId, refund_id: refundId, reason });
    },
    async byOrder(orderId) {
      const response = await client.send(
        'GET',
        `/internal/payments/by-order/${orderId}`,
        undefined,
        timeoutMs,
      );
      if (response.status === 404) return undefined;
      if (response.status >= 400) throw client.refusal(response);
      return client.parse(response, Payment);
    },
  };
}
