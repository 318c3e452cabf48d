import type { ServiceTokenSigner } from '@bodega/auth';
import { Unavailable, isAppError, type AppError } from '@bodega/errors';
import type { Upstream, UpstreamResponse } from '@bodega/http-client';
import type { TSchema, Static } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { registerFormats } from '@bodega/contracts';

registerFormats();

/** The code of every "that service did not answer usefully" failure, per upstream. */
export const unavailableCodes = {
  catalog: 'CATALOG_UNAVAILABLE',
  payments: 'PAYMENTS_UNAVAILABLE',
} as const;

export type UpstreamName = keyof typeof unavailableCodes;

/**
 * Whether `error` means the upstream did not answer usefully (unreachable, too slow, 5xx, an open
 * circuit, a malformed answer) rather than answered "no": the outcome of the call is unknown.
 */
export function isUnavailable(error: unknown): boolean {
  return isAppError(error) && (Object.values(unavailableCodes) as string[]).includes(error.code);
}

/** An upstream answer that is an error in the standard body: its status, code, message and details. */
export class UpstreamRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'UpstreamRefusal';
  }
}

interface ErrorJson {
  error?: { code?: unknown; message?: unknown; details?: unknown };
}

/**
 * One service-to-service call: the service token in `X-Service-Token`, and every failure that is not
 * a business answer turned into `Unavailable` with the upstream's code (the caller's message stays
 * free of addresses and stacks; the cause is kept for logs).
 */
export class ServiceClient {
  readonly #checks = new Map<TSchema, TypeCheck<TSchema>>();

  constructor(
    readonly name: UpstreamName,
    readonly upstream: Upstream,
    readonly signer: ServiceTokenSigner,
  ) {}

  /** Sends the call; resolves to the response whatever its 2xx/4xx status, rejects on anything else. */
  async send(method: 'GET' | 'POST', path: string, body?: object, timeoutMs?: number) {
    let response: UpstreamResponse;
    try {
      response = await this.upstream.request({
        method,
        path,
        headers: { 'x-service-token': await this.signer.token(this.name) },
        ...(body === undefined ? {} : { body }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    } catch (error) {
      throw this.unavailable('did not answer', error);
    }
    if (response.status >= 500) throw this.unavailable(`answered ${response.status}`);
    return response;
  }

  /** The body of a 2xx answer, checked against `schema`. */
  parse<S extends TSchema>(response: UpstreamResponse, schema: S): Static<S> {
    let value: unknown;
    try {
      value = response.json();
    } catch (error) {
      throw this.unavailable('answered with a body that is not JSON', error);
    }
    if (!this.#check(schema).Check(value)) throw this.unavailable('answered with an unexpected body');
    return value;
  }

  /** A 4xx answer as a refusal the caller can match on by code. */
  refusal(response: UpstreamResponse): UpstreamRefusal {
    let body: ErrorJson = {};
    try {
      body = response.json<ErrorJson>();
    } catch {
      // A 4xx without the standard body still tells its status.
    }
    const error = body.error ?? {};
    return new UpstreamRefusal(
      response.status,
      typeof error.code === 'string' ? error.code : `HTTP_${response.status}`,
      typeof error.message === 'string' ? error.message : `${this.name} refused the request`,
      typeof error.details === 'object' && error.details !== null
        ? (error.details as Record<string, unknown>)
        : {},
    );
  }

  unavailable(what: string, cause?: unknown): AppError {
    const headers = isAppError(cause) ? cause.headers : {};
    return Unavailable(`The ${this.name} service is not available right now; please try again shortly`, {
      code: unavailableCodes[this.name],
      details: { upstream: this.name },
      headers,
      cause: cause ?? new Error(`${this.name} ${what}`),
    });
  }

  #check(schema: TSchema): TypeCheck<TSchema> {
    let check = this.#checks.get(schema);
    if (!check) {
      check = TypeCompiler.Compile(schema);
      this.#checks.set(schema, check);
    }
    return check;
  }
}
