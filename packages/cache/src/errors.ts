/**
 * The cache backend could not be reached or did not answer in time. Distinct from a misuse (a bad ttl,
 * a value JSON cannot hold), which is a bug and is thrown as is: `getOrLoad` falls back to its loader on
 * this error only.
 */
export class CacheUnavailableError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CacheUnavailableError';
  }
}
