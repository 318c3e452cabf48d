/**
 * Small DTO schemas every service shares. Each constant is the schema (for validation and OpenAPI)
 * and, under the same name, its static type: one shape, declared once.
 */
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Int8 } from './numbers.js';

/** A UUID (Bodega ids are UUIDv7, but any UUID is accepted on input). */
export const Uuid = Type.String({ format: 'uuid', description: 'UUID' });
export type Uuid = Static<typeof Uuid>;

/** An RFC 3339 timestamp; Bodega writes them in UTC (`Z`). */
export const Timestamp = Type.String({ format: 'date-time', description: 'RFC 3339 timestamp, UTC' });
export type Timestamp = Static<typeof Timestamp>;

/** Money as integer minor units plus an ISO 4217 currency: `{ "amount": 1999, "currency": "USD" }`, never floats. */
export const Money = Type.Object(
  {
    amount: Int8({ description: 'Minor units (cents for USD)' }),
    currency: Type.String({ pattern: '^[A-Z]{3}$', description: 'ISO 4217 code' }),
  },
  { description: 'An amount of money in minor units' },
);
export type Money = Static<typeof Money>;

/** The roles of the access model (ARCHITECTURE "Identity and access"). */
export const Role = Type.Union([Type.Literal('customer'), Type.Literal('manager'), Type.Literal('admin')]);
export type Role = Static<typeof Role>;

/** The standard body of every non-2xx response (ARCHITECTURE "Errors"). */
export const ErrorBody = Type.Object({
  error: Type.Object({
    code: Type.String({ description: 'Machine-readable, e.g. VALIDATION_ERROR or OUT_OF_STOCK' }),
    message: Type.String({ description: 'Human words, safe to show' }),
    details: Type.Record(Type.String(), Type.Unknown()),
    timestamp: Timestamp,
    request_id: Type.String(),
  }),
});
export type ErrorBody = Static<typeof ErrorBody>;

/** A cursor-paginated list: `{ items, next_cursor }`, `next_cursor` null on the last page. */
export function Page<T extends TSchema>(item: T) {
  return Type.Object({
    items: Type.Array(item),
    next_cursor: Type.Union([Type.String(), Type.Null()], {
      description: 'Pass as ?cursor= for the next page',
    }),
  });
}
/** The static type of `Page(item)`. */
export interface PageOf<T> {
  items: T[];
  next_cursor: string | null;
}
