/**
 * Whole numbers no column holds, as plain decimals (how a JSON body or a query string carries them):
 * one past `integer` (int4), one past `bigint` (int8), a 1 followed by 308 zeros (about 1e308, the
 * largest double) and 10^20. JavaScript takes each for an integer, so only a bound in the schema
 * stops it before the database refuses it mid-query.
 */
export const outOfRangeNumbers: readonly string[] = [
  '2147483648',
  '9223372036854775808',
  `1${'0'.repeat(308)}`,
  '100000000000000000000',
];

/** The mark `jsonWithNumber` replaces: put it where the number goes. */
export const NUMBER_HERE = '<number>';

/**
 * `body` as JSON text with `literal` written, as it is, where `NUMBER_HERE` stands: a number
 * `JSON.stringify` would round (9223372036854775808) or write in exponent form (1e+308).
 */
export function jsonWithNumber(body: unknown, literal: string): string {
  const text = JSON.stringify(body);
  const mark = JSON.stringify(NUMBER_HERE);
  if (!text.includes(mark)) throw new Error(`the body has no ${NUMBER_HERE} to replace`);
  return text.replaceAll(mark, literal);
}

/**
 * `outOfRangeNumbers` as `it.each` rows, `[label, number]`: the 309-digit one is named by its length,
 * so a test title stays readable.
 */
export const outOfRangeCases: readonly (readonly [string, string])[] = outOfRangeNumbers.map((n) => [
  n.length > 30 ? `${n.slice(0, 12)}… (${n.length} digits)` : n,
  n,
]);
