import { Type, type Static } from '@bodega/config';
import { serviceConfig } from '@bodega/kit';

/** Payments' configuration: the kit's common keys plus its own. */
export const paymentsConfigSchema = serviceConfig(8105, {
  PROVIDER_LATENCY_MS: Type.Integer({
    minimum: 0,
    maximum: 600_000,
    default: 0,
    description:
      'Latency added to every call to the simulated card provider (authorize, capture, void, refund), for fault drills',
  }),
  PROVIDER_SLOW_MS: Type.Integer({
    minimum: 0,
    maximum: 600_000,
    default: 10_000,
    description:
      'How long the slow test card (4000 0000 0000 0259) makes the provider wait before approving; longer than a caller timeout',
  }),
});

export type PaymentsConfig = Static<typeof paymentsConfigSchema>;
