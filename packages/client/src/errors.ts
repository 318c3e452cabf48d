import type { components } from './api.js';

/** The body of every non-2xx answer (ARCHITECTURE "Errors"), typed from the OpenAPI document. */
export type ErrorBody = components['schemas']['ErrorBody'];

function isErrorBody(value: unknown): value is ErrorBody {
  if (typeof value !== 'object' || value === null || !('error' in value)) return false;
  const { error } = value;
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string';
}

/**
 * A non-2xx answer of the API, in the terms of its standard error body: act on `code`
 * (`OUT_OF_STOCK`, `PAYMENT_DECLINED`...), show `message`, quote `requestId` to support.
 */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly requestId: string | undefined;

  constructor(status: number, body: ErrorBody['error'], options?: ErrorOptions) {
    super(body.message, options);
    this.name = 'ApiError';
    this.status = status;
    this.code = body.code;
    this.details = body.details;
    this.requestId = body.request_id;
  }

  /** The error an answer carries; one without the standard body (a proxy's page) gets `HTTP_<status>`. */
  static async of(response: Response): Promise<ApiError> {
    const text = await response.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (isErrorBody(body)) return new ApiError(response.status, body.error);
    return new ApiError(response.status, {
      code: `HTTP_${response.status}`,
      message: response.statusText || `The API answered ${response.status}`,
      details: {},
      timestamp: new Date().toISOString(),
      request_id: response.headers.get('x-request-id') ?? '',
    });
  }
}

/**
 * The session is over: its access token expired and the refresh token was refused (used, revoked,
 * expired) or there was none. The client has forgotten the session; sign in again.
 */
export class SessionExpired extends ApiError {
  constructor(cause?: ApiError) {
    super(
      cause?.status ?? 401,
      {
        code: 'SESSION_EXPIRED',
        message: 'The session has expired: sign in again',
        details: cause ? { refresh_error: cause.code } : {},
        timestamp: new Date().toISOString(),
        request_id: cause?.requestId ?? '',
      },
      cause ? { cause } : undefined,
    );
    this.name = 'SessionExpired';
  }
}
