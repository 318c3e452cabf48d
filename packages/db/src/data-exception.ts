/**
 * Telling "the database refused this value" from a bug. PostgreSQL's SQLSTATE class 22 (data
 * exception) means a value did not fit its type: a number past an `integer` column, text that is no
 * number or date, a string longer than its `varchar`. Request validation should refuse such input
 * first; when something slips past it, the value was the client's, so the answer is a 400, not a 500
 * that says the service is broken (and counts against its circuit in the gateway).
 */

/** What a data exception says about the input, for a client-safe message. */
export interface DataException {
  /** The SQLSTATE, e.g. `22003` (numeric_value_out_of_range). */
  code: string;
  /** Client-safe words for it; never the database's own message, which may quote SQL or values. */
  reason: string;
}

const DATA_EXCEPTION = /^22[0-9A-Z]{3}$/;
// The common ones by name; the rest of the class shares the generic reason.
const reasons: Record<string, string> = {
  '22003': 'A number is out of the range this field holds',
  '22P02': 'A value is not in the form this field takes',
  '22001': 'A text is longer than this field holds',
  '22007': 'A date or time is not valid',
  '22008': 'A date or time is out of range',
  '22021': 'A text holds bytes that are not valid characters',
  '22023': 'A value is not valid for this parameter',
};

/**
 * The data exception behind `error` (a node-postgres or PGlite error, also wrapped by drizzle's
 * `DrizzleQueryError` in `cause`), or undefined when `error` is not one.
 */
export function dataException(error: unknown): DataException | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, cause } = current as { code?: unknown; cause?: unknown };
    if (typeof code === 'string' && DATA_EXCEPTION.test(code))
      return { code, reason: reasons[code] ?? 'A value does not fit this field' };
    current = cause;
  }
  return undefined;
}
