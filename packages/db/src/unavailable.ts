/**
 * Telling "the database is not there right now" from "the database refused this query". The first
 * (a PostgreSQL restart or failover, a network cut, a full connection table) passes by itself, so a
 * request that hit it deserves a 503 the client may retry, not a 500 that says the service is broken.
 */

// Socket errors of a connection that could not be made or was lost.
const socketCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
// SQLSTATEs: class 08 is "connection exception"; 57P01-57P03 the server shutting down or not up yet;
// 53300 too many connections.
const serverStates = new Set(['57P01', '57P02', '57P03', '53300']);
// node-postgres reports a lost or never-made connection in words, without a code.
const clientMessages = [
  /^Connection terminated/,
  /^timeout exceeded when trying to connect/,
  /^Client has encountered a connection error/,
];

/**
 * Whether `error` means the database could not be reached or dropped the connection, looking through
 * wrappers such as drizzle's `DrizzleQueryError` (`cause`).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const { code, message, cause } = current as { code?: unknown; message?: unknown; cause?: unknown };
    if (
      typeof code === 'string' &&
      (socketCodes.has(code) || serverStates.has(code) || /^08[0-9A-Z]{3}$/.test(code))
    )
      return true;
    if (typeof message === 'string' && clientMessages.some((pattern) => pattern.test(message))) return true;
    current = cause;
  }
  return false;
}
