import type { Static, TSchema } from '@sinclair/typebox';
import type { EventEnvelope } from './envelope.js';
import {
  ProductDeletedV1,
  ProductUpdatedV1,
  ProductViewedV1,
  ReviewCreatedV1,
  ReviewDeletedV1,
  ReviewUpdatedV1,
} from './events/catalog.js';
import { OrderCancelledV1, OrderPlacedV1, OrderStatusChangedV1 } from './events/orders.js';
import { PaymentEventV1 } from './events/payments.js';
import { UserRegisteredV1 } from './events/identity.js';

/**
 * The event registry: for every event type, the version producers write and the schema of its
 * `data`. Additive changes (a new optional field) keep the version, since readers ignore fields they
 * do not know; a breaking change is a new version, rolled out consumers first.
 */
export const eventSchemas = {
  'identity.user.registered': { version: 1, data: UserRegisteredV1 },
  'catalog.product.updated': { version: 1, data: ProductUpdatedV1 },
  'catalog.product.deleted': { version: 1, data: ProductDeletedV1 },
  'catalog.product.viewed': { version: 1, data: ProductViewedV1 },
  'catalog.review.created': { version: 1, data: ReviewCreatedV1 },
  'catalog.review.updated': { version: 1, data: ReviewUpdatedV1 },
  'catalog.review.deleted': { version: 1, data: ReviewDeletedV1 },
  'orders.order.placed': { version: 1, data: OrderPlacedV1 },
  'orders.order.cancelled': { version: 1, data: OrderCancelledV1 },
  'orders.order.status_changed': { version: 1, data: OrderStatusChangedV1 },
  'payments.payment.authorized': { version: 1, data: PaymentEventV1 },
  'payments.payment.declined': { version: 1, data: PaymentEventV1 },
  'payments.payment.captured': { version: 1, data: PaymentEventV1 },
  'payments.payment.voided': { version: 1, data: PaymentEventV1 },
  'payments.payment.refunded': { version: 1, data: PaymentEventV1 },
} as const satisfies Record<string, { version: number; data: TSchema }>;

/** Every registered event type, e.g. `'catalog.product.updated'`. */
export type EventType = keyof typeof eventSchemas;

/** The static type of an event's `data`: `EventData<'identity.user.registered'>`. */
export type EventData<T extends EventType> = Static<(typeof eventSchemas)[T]['data']>;

/** An envelope whose `data` is known to match its type. */
export type Envelope<T extends EventType> = Omit<EventEnvelope, 'type' | 'data'> & {
  type: T;
  data: EventData<T>;
};

/** Any valid envelope, discriminated by `type`: `switch (envelope.type)` narrows `data`. */
export type AnyEnvelope = { [T in EventType]: Envelope<T> }[EventType];

/** Whether `type` names a registered event. */
export function isEventType(type: string): type is EventType {
  return Object.hasOwn(eventSchemas, type);
}

/**
 * Who consumes what: each consuming service's queue and the event types bound to it (ARCHITECTURE
 * "Events": one durable queue per consuming service). Every service declares this whole topology when
 * it connects to the broker, not only its own queue: a topic exchange drops a message no queue is
 * bound to, so an event published before its consumer first started (identity's bootstrap admin on a
 * fresh install) would otherwise be lost. Services subscribe with their own line of it.
 */
export const eventConsumers = {
  search: [
    'catalog.product.updated',
    'catalog.product.deleted',
    'catalog.product.viewed',
    'orders.order.placed',
  ],
  orders: ['payments.payment.refunded'],
  analytics: [
    'orders.order.placed',
    'orders.order.cancelled',
    'payments.payment.refunded',
    'catalog.product.viewed',
    'identity.user.registered',
  ],
} as const satisfies Record<string, readonly EventType[]>;
