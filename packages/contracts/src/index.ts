/**
 * The contracts between Bodega services: the event envelope, one schema per event type and version,
 * and the small DTOs every API shares. Services import shapes from here and never redeclare them.
 */
export { ErrorBody, Money, Page, Role, Timestamp, Uuid, type PageOf } from './dto.js';
export { INT4_MAX, INT4_MIN, INT8_MAX, INT8_MIN, Int4, Int8, SafeNumber } from './numbers.js';
export { EventEnvelope, TraceParent } from './envelope.js';
export {
  Category,
  Product,
  ProductAttributes,
  ProductImages,
  Rating,
  Review,
  ReviewStatus,
  SearchFacets,
  SearchHit,
  SearchResults,
  Slug,
} from './catalog.js';
export {
  ProductDeletedV1,
  ProductUpdatedV1,
  ProductViewedV1,
  ReviewCreatedV1,
  ReviewDeletedV1,
  ReviewUpdatedV1,
} from './events/catalog.js';
export {
  Cart,
  CardNumber,
  CartLine,
  Order,
  OrderHistoryEntry,
  OrderLine,
  OrderStatus,
  Payment,
  PaymentStatus,
  Promotion,
  Quantity,
  Quote,
  QuoteLine,
  Refund,
  ShippingAddress,
  Totals,
} from './commerce.js';
export {
  PaymentAuthorizeRequest,
  PaymentRefundRequest,
  PaymentVoidRequest,
  ProductLookupRequest,
  ProductLookupResult,
  ProductSnapshot,
  Reservation,
  ReservationRequest,
  ReservationStatus,
} from './internal.js';
export { OrderCancelledV1, OrderPlacedV1, OrderStatusChangedV1 } from './events/orders.js';
export { PaymentEventV1 } from './events/payments.js';
export { UserRegisteredV1 } from './events/identity.js';
export * from './analytics.js';
export { registerFormats } from './formats.js';
export {
  eventConsumers,
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
export {
  ConsumingService,
  DeadLetter,
  DeadLetterList,
  DeadLetterQuery,
  DeadLetterReplayRequest,
  DeadLetterReplayResult,
  InternalDeadLetterQuery,
  InternalDeadLetterReplayRequest,
  OpsOverview,
  OpsServiceSummary,
  ServiceName,
  TraceDetail,
  TraceDigest,
  TraceDigestList,
  TraceIdParams,
  TraceList,
  TraceQuery,
  TraceSpan,
  TraceSummary,
} from './ops.js';
export { EDGE_PURGE_CHANNEL, EdgeHit, EdgeHitReport, productSurrogateKey, userSurrogateKey } from './edge.js';
