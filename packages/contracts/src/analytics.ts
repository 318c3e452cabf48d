/**
 * The analytics API's shapes: behaviour beacons the web app sends (`POST /events`) and the reports
 * managers read (`GET /analytics/*`). The analytics service validates and documents with these; the
 * typed client and the GraphQL schema read the same ones. Figures are defined in
 * services/analytics/README.md.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Money, Timestamp, Uuid } from './dto.js';
import { Int4, SafeNumber } from './numbers.js';

/** Events one beacon batch may carry. */
export const MAX_BEACON_EVENTS = 50;
/** Properties one beacon event may carry. */
export const MAX_BEACON_PROPERTIES = 20;
/** Largest beacon body accepted, in bytes (64 KiB); larger is a 413. */
export const MAX_BEACON_BODY_BYTES = 65_536;

/** What a shopper did, as the web app reports it. */
export const BeaconEventType = Type.Union(
  [
    Type.Literal('page_view'),
    Type.Literal('product_view'),
    Type.Literal('add_to_cart'),
    Type.Literal('remove_from_cart'),
    Type.Literal('begin_checkout'),
    Type.Literal('search'),
  ],
  { description: 'product_view, add_to_cart and remove_from_cart need a product_id' },
);
export type BeaconEventType = Static<typeof BeaconEventType>;

/** A browser session: the same id the web app sends to catalog as `X-Session-Id`. */
export const BeaconSessionId = Type.String({
  pattern: '^[A-Za-z0-9_-]{1,64}$',
  description: 'Letters, digits, _ and -, at most 64',
});

/** Small, flat facts about one event (`{ "query": "mug", "results": 12 }`), never nested. */
export const BeaconProperties = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$' }),
  Type.Union([Type.String({ maxLength: 200 }), SafeNumber(), Type.Boolean(), Type.Null()]),
  {
    // A key outside the pattern is refused, not let through unchecked.
    additionalProperties: false,
    maxProperties: MAX_BEACON_PROPERTIES,
    description: `At most ${MAX_BEACON_PROPERTIES} snake_case keys; strings at most 200 characters`,
  },
);
export type BeaconProperties = Static<typeof BeaconProperties>;

export const BeaconEvent = Type.Object(
  {
    type: BeaconEventType,
    occurred_at: Type.String({
      format: 'date-time',
      description: 'When it happened (RFC 3339); at most 5 minutes ahead and 7 days back',
    }),
    product_id: Type.Optional(Uuid),
    properties: Type.Optional(BeaconProperties),
  },
  { additionalProperties: false },
);
export type BeaconEvent = Static<typeof BeaconEvent>;

/** `POST /events`: a batch of one session's events. */
export const BeaconBatch = Type.Object(
  {
    session_id: BeaconSessionId,
    events: Type.Array(BeaconEvent, { minItems: 1, maxItems: MAX_BEACON_EVENTS }),
  },
  { additionalProperties: false },
);
export type BeaconBatch = Static<typeof BeaconBatch>;

/** `202` answer of `POST /events`. */
export const BeaconAccepted = Type.Object({ accepted: Type.Integer({ minimum: 1 }) });
export type BeaconAccepted = Static<typeof BeaconAccepted>;

/** Report bucket sizes; days and weeks (starting Monday) follow the time zone's local midnight. */
export const AnalyticsInterval = Type.Union([
  Type.Literal('hour'),
  Type.Literal('day'),
  Type.Literal('week'),
]);
export type AnalyticsInterval = Static<typeof AnalyticsInterval>;

const From = Type.String({ format: 'date-time', description: 'RFC 3339, inclusive' });
const To = Type.String({ format: 'date-time', description: 'RFC 3339, exclusive; after from' });
const TimeZone = Type.String({
  minLength: 1,
  maxLength: 64,
  default: 'UTC',
  description: 'IANA time zone name, e.g. America/New_York',
});
const Interval = Type.Union(AnalyticsInterval.anyOf, { default: 'day' });

/** `GET /analytics/sales` and `GET /analytics/customers`: a range cut into buckets. */
export const AnalyticsSeriesQuery = Type.Object(
  { from: From, to: To, interval: Interval, tz: TimeZone },
  { additionalProperties: false },
);
export type AnalyticsSeriesQuery = Static<typeof AnalyticsSeriesQuery>;

export const TopProductsBy = Type.Union([
  Type.Literal('revenue'),
  Type.Literal('units'),
  Type.Literal('views'),
]);
export type TopProductsBy = Static<typeof TopProductsBy>;

/** `GET /analytics/top-products`. */
export const TopProductsQuery = Type.Object(
  {
    from: From,
    to: To,
    by: Type.Union(TopProductsBy.anyOf, { default: 'revenue' }),
    limit: Int4({ minimum: 1, maximum: 100, default: 10 }),
  },
  { additionalProperties: false },
);
export type TopProductsQuery = Static<typeof TopProductsQuery>;

/** `GET /analytics/funnel`. */
export const FunnelQuery = Type.Object({ from: From, to: To }, { additionalProperties: false });
export type FunnelQuery = Static<typeof FunnelQuery>;

/** The range a report covers: the one asked for, widened to whole buckets. */
const ReportRange = {
  from: Timestamp,
  to: Timestamp,
};

const SalesFigures = {
  revenue: Money,
  refunds: Money,
  net: Money,
  orders: Type.Integer({ minimum: 0 }),
  average_order_value: Money,
};

export const SalesPoint = Type.Object({ start: Timestamp, ...SalesFigures });
export type SalesPoint = Static<typeof SalesPoint>;

/** `GET /analytics/sales`: every bucket of the range, empty ones with zeros, and the totals. */
export const SalesReport = Type.Object({
  currency: Type.String({ pattern: '^[A-Z]{3}$' }),
  interval: AnalyticsInterval,
  tz: Type.String(),
  ...ReportRange,
  points: Type.Array(SalesPoint),
  totals: Type.Object(SalesFigures),
});
export type SalesReport = Static<typeof SalesReport>;

export const TopProduct = Type.Object({
  product_id: Uuid,
  revenue: Money,
  units: Type.Integer(),
  views: Type.Integer({ minimum: 0 }),
});
export type TopProduct = Static<typeof TopProduct>;

/** `GET /analytics/top-products`: best first. */
export const TopProducts = Type.Object({
  by: TopProductsBy,
  ...ReportRange,
  items: Type.Array(TopProduct),
});
export type TopProducts = Static<typeof TopProducts>;

export const FunnelStepName = Type.Union([
  Type.Literal('view'),
  Type.Literal('add_to_cart'),
  Type.Literal('begin_checkout'),
  Type.Literal('paid'),
]);
export type FunnelStepName = Static<typeof FunnelStepName>;

export const FunnelStep = Type.Object({
  step: FunnelStepName,
  /** Sessions (customers for `paid`) that reached this step. */
  count: Type.Integer({ minimum: 0 }),
  /** count / previous step's count (null for the first step, or when the previous is 0). */
  conversion_from_previous: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});
export type FunnelStep = Static<typeof FunnelStep>;

/** `GET /analytics/funnel`. */
export const Funnel = Type.Object({
  ...ReportRange,
  steps: Type.Array(FunnelStep),
  /** paid / view (null when nobody viewed). */
  overall_conversion: Type.Union([Type.Number({ minimum: 0, maximum: 1 }), Type.Null()]),
});
export type Funnel = Static<typeof Funnel>;

const CustomerFigures = {
  new_customers: Type.Integer({ minimum: 0 }),
  returning_customers: Type.Integer({ minimum: 0 }),
};

export const CustomersPoint = Type.Object({ start: Timestamp, ...CustomerFigures });
export type CustomersPoint = Static<typeof CustomersPoint>;

/** `GET /analytics/customers`: new and returning customers per bucket. */
export const CustomersReport = Type.Object({
  interval: AnalyticsInterval,
  tz: Type.String(),
  ...ReportRange,
  points: Type.Array(CustomersPoint),
  totals: Type.Object(CustomerFigures),
});
export type CustomersReport = Static<typeof CustomersReport>;
