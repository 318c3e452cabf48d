/** Header values as Node and undici carry them; `undefined` entries are skipped. */
export type Headers = Record<string, string | string[] | undefined>;

/** One call to an upstream. */
export interface UpstreamRequest {
  method: string;
  /** Path and query, starting with `/`; appended to the base URL's path. */
  path: string;
  headers?: Headers;
  /** A Buffer or string is sent as is; any other object as JSON (with `content-type: application/json`). */
  body?: Buffer | string | object;
  /** Cancels the call (e.g. the gateway's client went away); the promise then rejects with its reason. */
  signal?: AbortSignal;
  /** Overrides the upstream's `timeoutMs` for this call. */
  timeoutMs?: number;
}

/** An upstream's answer, whatever its status: a 404 or a 503 is a response, not an exception. */
export interface UpstreamResponse {
  status: number;
  headers: Headers;
  body: Buffer;
  /**
   * The body parsed as JSON; throws `BadGateway` (`UPSTREAM_BAD_RESPONSE`) if it is not JSON. `T` is the
   * caller's claim about the body, unchecked, as with `JSON.parse`.
   */
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the claim is the point: one typed call instead of a cast at every call site
  json<T>(): T;
}

/** A circuit breaker's state, as metrics label it. */
export type CircuitState = 'closed' | 'open' | 'half_open';

/** Reported on every breaker transition, for metrics and logs. */
export interface CircuitStateChange {
  upstream: string;
  from: CircuitState;
  to: CircuitState;
}
