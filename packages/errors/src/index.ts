/**
 * Error kinds shared by every Bodega service.
 *
 * Domain code throws a kind (`NotFound`, `Conflict`, ...), never an HTTP status; the service kit maps
 * kinds to HTTP once, in its error handler, and hides the internals of anything unexpected.
 */
import type { ErrorBody } from '@bodega/contracts';

/** The kinds of failure a use case can report, each with its HTTP status. */
export const errorKinds = {
  validation: 400,
  unauthorized: 401,
  payment_required: 402,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  internal: 500,
  bad_gateway: 502,
  unavailable: 503,
  timeout: 504,
} as const;

export type ErrorKind = keyof typeof errorKinds;

/** The default machine-readable code for each kind; a use case may give a more precise one. */
export const defaultCodes: Record<ErrorKind, string> = {
  validation: 'VALIDATION_ERROR',
  unauthorized: 'UNAUTHORIZED',
  payment_required: 'PAYMENT_REQUIRED',
  forbidden: 'FORBIDDEN',
  not_found: 'NOT_FOUND',
  conflict: 'CONFLICT',
  gone: 'GONE',
  payload_too_large: 'PAYLOAD_TOO_LARGE',
  unsupported_media_type: 'UNSUPPORTED_MEDIA_TYPE',
  unprocessable: 'UNPROCESSABLE',
  rate_limited: 'RATE_LIMITED',
  internal: 'INTERNAL_ERROR',
  bad_gateway: 'BAD_GATEWAY',
  unavailable: 'SERVICE_UNAVAILABLE',
  timeout: 'UPSTREAM_TIMEOUT',
};

export interface AppErrorOptions {
  /** A precise machine-readable code, e.g. `OUT_OF_STOCK`; defaults to the kind's code. */
  code?: string;
  /** Structured, client-safe details (field errors, limits...). */
  details?: Record<string, unknown>;
  /** Extra response headers, e.g. `retry-after`. */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** A failure with a kind. Its message and details are shown to clients, so keep them free of internals. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(kind: ErrorKind, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.kind = kind;
    this.code = options.code ?? defaultCodes[kind];
    this.details = options.details ?? {};
    this.headers = options.headers ?? {};
  }

  /** The HTTP status this kind maps to. */
  get status(): number {
    return errorKinds[this.kind];
  }
}

const make =
  (kind: ErrorKind) =>
  (message: string, options?: AppErrorOptions): AppError =>
    new AppError(kind, message, options);

export const ValidationError = make('validation');
export const Unauthorized = make('unauthorized');
export const PaymentRequired = make('payment_required');
export const Forbidden = make('forbidden');
export const NotFound = make('not_found');
export const Conflict = make('conflict');
export const RateLimited = make('rate_limited');
export const BadGateway = make('bad_gateway');
export const Unavailable = make('unavailable');
export const Timeout = make('timeout');
export const Internal = make('internal');

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The kind whose status is `status`, for errors that arrive as a bare HTTP status (e.g. from Fastify). */
export function kindForStatus(status: number): ErrorKind {
  const match = (Object.entries(errorKinds) as [ErrorKind, number][]).find(([, s]) => s === status);
  if (match) return match[0];
  if (status >= 500) return 'internal';
  return 'validation';
}

// The standard error body every Bodega service and the gateway answer with: one schema, in contracts.
export type { ErrorBody };

export function errorBody(
  code: string,
  message: string,
  requestId: string,
  details: Record<string, unknown> = {},
  now: Date = new Date(),
): ErrorBody {
  return {
    error: {
      code,
      message,
      details,
      timestamp: now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      request_id: requestId,
    },
  };
}
