import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dataException, isDatabaseUnavailable } from '@bodega/db';
import { errorBody, isAppError, kindForStatus, defaultCodes } from '@bodega/errors';
import { MAX_ISSUES } from './validation.js';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

/** Longest message an error body carries; domain messages may quote what the client sent. */
const MAX_MESSAGE = 500;

/** Longest text an error body quotes from the request (a field path, a message naming a value). */
const MAX_QUOTED = 200;

/**
 * `text` cut to MAX_QUOTED characters: an error answer says what was wrong, it does not echo a huge
 * value (or one huge key once per issue) back at many times the size of the request.
 */
function clip(text: string, max = MAX_QUOTED): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/**
 * Field-level details of a schema validation failure, in terms a client can act on: the first
 * MAX_ISSUES issues (the validator stops collecting one past that) and `truncated` when there were more.
 */
function validationDetails(error: FastifyError): Record<string, unknown> {
  const all = (error.validation ?? []) as ValidationIssue[];
  const context = error.validationContext ?? 'body';
  const issues = all.slice(0, MAX_ISSUES).map((issue) => {
    const missing = issue.params?.missingProperty;
    const extra = issue.params?.additionalProperty;
    const field = [issue.instancePath?.replace(/^\//, '').replaceAll('/', '.'), missing ?? extra]
      .filter((part) => typeof part === 'string' && part.length > 0)
      .join('.');
    return {
      field: clip(field || context),
      message: clip(extra !== undefined ? 'is not a known field' : (issue.message ?? 'is invalid')),
    };
  });
  return all.length > MAX_ISSUES
    ? { location: context, issues, truncated: true }
    : { location: context, issues };
}

/** Codes for the errors Fastify raises itself before a route runs. */
const fastifyCodes: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', message: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'MALFORMED_JSON',
    message: 'The request body is empty but JSON was declared',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'PAYLOAD_TOO_LARGE', message: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: 'This content type is not supported',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { code: 'VALIDATION_ERROR', message: 'The content length is wrong' },
};

/**
 * The one place where failures become HTTP: kinds map to statuses, every body has the standard shape
 * (ARCHITECTURE "Errors"), and a 5xx never shows its internals (stack, SQL, paths) to the client.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const requestId = request.id;
    if (isAppError(error)) {
      if (error.status >= 500) request.log.error({ err: error.cause ?? error }, error.message);
      for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
      return reply
        .status(error.status)
        .send(errorBody(error.code, clip(error.message, MAX_MESSAGE), requestId, error.details));
    }
    if (error.validation) {
      return reply
        .status(400)
        .send(
          errorBody(
            'VALIDATION_ERROR',
            `Invalid request ${error.validationContext ?? 'body'}`,
            requestId,
            validationDetails(error),
          ),
        );
    }
    const known = fastifyCodes[error.code];
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const kind = kindForStatus(status);
      if (known) return reply.status(status).send(errorBody(known.code, known.message, requestId));
      // Errors from plugins (rate limit, CORS...) carry a client-safe message of their own.
      return reply
        .status(status)
        .send(errorBody(defaultCodes[kind], clip(error.message, MAX_MESSAGE), requestId));
    }
    const refused = dataException(error);
    if (refused) {
      // Validation should have refused the value; the database did. Still the client's input, so a
      // 400 (a 500 would count against the service's circuit in the gateway: one client could open it).
      request.log.warn({ err: error, sqlstate: refused.code }, 'database refused a value');
      return reply.status(400).send(errorBody('VALIDATION_ERROR', refused.reason, requestId));
    }
    if (isDatabaseUnavailable(error)) {
      // The database restarts or cannot be reached: the request may succeed shortly, so a 503 (not a
      // 500 saying the service is broken), and no gateway circuit opens on it.
      request.log.error({ err: error }, 'database unavailable');
      return reply
        .status(503)
        .send(
          errorBody(
            'DATABASE_UNAVAILABLE',
            'The service cannot reach its database right now; please try again shortly',
            requestId,
          ),
        );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send(errorBody('INTERNAL_ERROR', 'Something went wrong on our side', requestId));
  });

  app.setNotFoundHandler((request, reply) => {
    return reply
      .status(404)
      .send(
        errorBody(
          'NOT_FOUND',
          clip(`No route for ${request.method} ${request.url.split('?')[0] ?? ''}`, MAX_MESSAGE),
          request.id,
        ),
      );
  });
}
