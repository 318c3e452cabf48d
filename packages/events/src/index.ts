/**
 * Bodega's events: the transactional outbox (`writeEvent` + `startRelay`), the bus port with its
 * in-process and RabbitMQ implementations, idempotent consumers (`idempotent` + the inbox table) and
 * dead letters. See ARCHITECTURE.md "Events" for the contract these implement.
 */
export {
  defaultBackoffMs,
  type DeadLetter,
  type EventBus,
  type EventHandler,
  type Subscription,
} from './bus.js';
export { idempotent, type IdempotentOptions } from './inbox.js';
export { createInProcessBus, type InProcessBusOptions } from './in-process-bus.js';
export { outboxChannel, writeEvent, type NewEvent } from './outbox.js';
export { createRabbitBus, type RabbitBusOptions } from './rabbitmq-bus.js';
export { startRelay, type Relay, type RelayOptions } from './relay.js';
export { serviceBus, type ServiceBus, type ServiceBusOptions } from './service-bus.js';
export { inboxTable, outboxTable, type InboxTable, type OutboxTable } from './tables.js';
