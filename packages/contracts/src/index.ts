/**
 * The contracts between Bodega services: the event envelope, one schema per event type and version,
 * and the small DTOs every API shares. Services import shapes from here and never redeclare them.
 */
export { ErrorBody, Money, Page, Role, Timestamp, Uuid, type PageOf } from './dto.js';
export { EventEnvelope, TraceParent } from './envelope.js';
export { ProductDeletedV1, ProductUpdatedV1 } from './events/catalog.js';
export { UserRegisteredV1 } from './events/identity.js';
export { registerFormats } from './formats.js';
export {
  eventSchemas,
  isEventType,
  type AnyEnvelope,
  type Envelope,
  type EventData,
  type EventType,
} from './registry.js';
export {
  formatIssues,
  validateEvent,
  validateEventData,
  type EventValidation,
  type ValidationIssue,
} from './validate.js';
