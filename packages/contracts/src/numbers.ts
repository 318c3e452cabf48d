/**
 * Whole numbers bounded by what their column holds. An unbounded `Type.Integer()` accepts
 * `100000000000000000000` (JSON and query strings carry it as a plain decimal, and it is an integer to
 * JavaScript), which PostgreSQL then refuses mid-query. Every numeric input is declared with one of
 * these instead, so validation answers 400 before the database ever sees the value.
 */
import {
  Type,
  type IntegerOptions,
  type NumberOptions,
  type TInteger,
  type TNumber,
} from '@sinclair/typebox';

/** The range of a PostgreSQL `integer` (int4) column. */
export const INT4_MIN = -2_147_483_648;
export const INT4_MAX = 2_147_483_647;

/**
 * The range of a `bigint` (int8) column as Bodega reads it: drizzle's `mode: 'number'` gives a
 * JavaScript number, exact only to 2^53 - 1, so that is the bound (int8 itself goes to 2^63 - 1).
 */
export const INT8_MIN = -Number.MAX_SAFE_INTEGER;
export const INT8_MAX = Number.MAX_SAFE_INTEGER;

function bounded(type: string, min: number, max: number, options: IntegerOptions): TInteger {
  const minimum = options.minimum ?? min;
  const maximum = options.maximum ?? max;
  // A bound past the column's would let the database refuse what validation accepted: fail at import.
  if (minimum < min || maximum > max)
    throw new RangeError(`${type} holds ${min} to ${max}; [${minimum}, ${maximum}] is not inside it`);
  return Type.Integer({ ...options, minimum, maximum });
}

/** A whole number for an `integer` (int4) column: counts, quantities, prices, ratings, limits. */
export function Int4(options: IntegerOptions = {}): TInteger {
  return bounded('Int4', INT4_MIN, INT4_MAX, options);
}

/** A whole number for a `bigint` column (read as a JavaScript number): money totals, counters. */
export function Int8(options: IntegerOptions = {}): TInteger {
  return bounded('Int8', INT8_MIN, INT8_MAX, options);
}

/**
 * Any JSON number within ±(2^53 - 1), fractions allowed: a free-form fact kept in `jsonb` (beacon
 * properties, product attributes). Beyond that a whole number is no longer exact in JavaScript, and
 * a fact read back as `bigint` or summed in SQL would not hold it.
 */
export function SafeNumber(options: NumberOptions = {}): TNumber {
  const minimum = options.minimum ?? INT8_MIN;
  const maximum = options.maximum ?? INT8_MAX;
  if (minimum < INT8_MIN || maximum > INT8_MAX)
    throw new RangeError(
      `SafeNumber holds ${INT8_MIN} to ${INT8_MAX}; [${minimum}, ${maximum}] is not inside it`,
    );
  return Type.Number({ ...options, minimum, maximum });
}
