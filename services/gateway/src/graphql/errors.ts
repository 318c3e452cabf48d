import { isAppError } from '@bodega/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError, type ExecutionResult, type GraphQLFormattedError } from './graphql-js.js';

/** Codes of failures GraphQL itself finds, before any service is asked (REST has no such requests). */
export const graphqlCodes = {
  parse: 'GRAPHQL_PARSE_FAILED',
  validation: 'GRAPHQL_VALIDATION_FAILED',
  tooDeep: 'QUERY_TOO_DEEP',
  tooComplex: 'QUERY_TOO_COMPLEX',
  tooLarge: 'QUERY_TOO_LARGE',
  introspection: 'INTROSPECTION_DISABLED',
} as const;

/** What `extensions` says about a failure: the REST code and status, and the details when there are any. */
export interface ErrorExtensions {
  code: string;
  status: number;
  details?: Record<string, unknown>;
  [key: string]: unknown;
}

/** A service answered with its standard error body: its code and status travel on unchanged. */
export class ServiceError extends Error {
  constructor(
    message: string,
    readonly extensions: ErrorExtensions,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

/** A whole request refused before execution (too deep, too large, too complex, not GraphQL at all): HTTP 400. */
export class RequestRefused extends Error {
  readonly statusCode = 400;
  constructor(
    message: string,
    readonly extensions: ErrorExtensions,
  ) {
    super(message);
    this.name = 'RequestRefused';
  }
}

const INTERNAL = {
  message: 'Something went wrong on our side',
  extensions: { code: 'INTERNAL_ERROR', status: 500 },
};

/**
 * The client-safe form of one error. Service and gateway failures keep their REST code and status;
 * GraphQL's own (syntax, unknown fields, wrong variables) get GraphQL codes with status 400; anything
 * else is a bug whose message could leak internals, so it is replaced (and logged by the caller).
 */
function formatOne(error: GraphQLError, log: FastifyRequest['log']): GraphQLFormattedError {
  const original = error.originalError;
  const located = {
    ...(error.locations ? { locations: error.locations } : {}),
    ...(error.path ? { path: error.path } : {}),
  };
  if (original instanceof ServiceError || original instanceof RequestRefused) {
    return { message: original.message, ...located, extensions: original.extensions };
  }
  if (isAppError(original)) {
    if (original.status >= 500) log.error({ err: original.cause ?? original }, original.message);
    return {
      message: original.message,
      ...located,
      extensions: {
        code: original.code,
        status: original.status,
        ...(Object.keys(original.details).length > 0 ? { details: original.details } : {}),
      },
    };
  }
  if (original === undefined || original instanceof GraphQLError) {
    const source = original ?? error;
    if (typeof source.extensions.code === 'string') {
      return { message: source.message, ...located, extensions: { status: 400, ...source.extensions } };
    }
    const code = source.message.startsWith('Syntax Error') ? graphqlCodes.parse : graphqlCodes.validation;
    return { message: source.message, ...located, extensions: { code, status: 400 } };
  }
  log.error({ err: original }, 'GraphQL resolver failed');
  return { ...INTERNAL, ...located };
}

/** The errors inside one (mercurius wraps request-level failures: validation, depth, syntax). */
function flatten(error: GraphQLError): GraphQLError[] {
  const inner = (error.originalError as { errors?: unknown } | undefined)?.errors;
  if (!Array.isArray(inner)) return [error];
  return inner.map((item: unknown) => {
    if (item instanceof GraphQLError) return item;
    // mercurius' own refusals are plain errors (a request body of the wrong shape, a GET mutation).
    return new GraphQLError((item as Error).message);
  });
}

/**
 * mercurius' `errorFormatter`: every error with its code (and status) in `extensions`. A result with
 * data is a 200 (field errors travel beside the data, per the GraphQL over HTTP spec); a request
 * refused as a whole is a 400. Never a 5xx for anything a client sent.
 */
export function formatExecution(
  execution: ExecutionResult & { errors: readonly GraphQLError[] },
  context: { reply?: FastifyReply },
): { statusCode: number; response: { data: unknown; errors: GraphQLFormattedError[] } } {
  const log = context.reply?.log ?? silentLog;
  const errors = execution.errors.flatMap(flatten).map((error) => formatOne(error, log));
  // Executed (data present, even null after a failed non-null field) is a 200; refused before, a 400.
  const refused = execution.data === undefined;
  return { statusCode: refused ? 400 : 200, response: { data: execution.data ?? null, errors } };
}

const silentLog = { error: () => undefined } as unknown as FastifyRequest['log'];

// Fastify's own refusals, before GraphQL sees anything; codes as the REST error handler gives them.
const fastifyCodes: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'MALFORMED_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  MER_ERR_METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  MER_ERR_GQL_CSRF_PREVENTION: 'CSRF_PREVENTION',
};

/**
 * mercurius' `errorHandler`, for failures outside execution: a bad token (401) or a rate limit (429)
 * from the gateway's hooks, a body that is not JSON, a query refused as a whole. The answer keeps the
 * HTTP status and is a GraphQL response (`{ data: null, errors }`), so a GraphQL client can read it.
 */
export function replyWithError(error: Error, request: FastifyRequest, reply: FastifyReply): void {
  const send = (status: number, errors: GraphQLFormattedError[]) => {
    void reply.status(status).send({ data: null, errors });
  };
  if (isAppError(error)) {
    for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
    const wrapped = new GraphQLError(error.message, { originalError: error });
    send(error.status, [formatOne(wrapped, request.log)]);
    return;
  }
  if (error instanceof RequestRefused) {
    send(400, [{ message: error.message, extensions: error.extensions }]);
    return;
  }
  const { code, statusCode, errors } = error as Error & {
    code?: string;
    statusCode?: number;
    errors?: unknown;
  };
  const status = statusCode ?? 500;
  const known = code === undefined ? undefined : fastifyCodes[code];
  if (Array.isArray(errors)) {
    const wrapped = new GraphQLError(error.message, { originalError: error });
    const { response } = formatExecution({ errors: [wrapped] }, { reply });
    if (known === undefined) {
      send(status, response.errors);
      return;
    }
    send(
      status,
      response.errors.map((item) => ({ ...item, extensions: { ...item.extensions, code: known, status } })),
    );
    return;
  }
  if (status < 500) {
    send(status, [{ message: error.message, extensions: { code: known ?? 'VALIDATION_ERROR', status } }]);
    return;
  }
  request.log.error({ err: error }, 'GraphQL request failed');
  send(500, [INTERNAL]);
}
