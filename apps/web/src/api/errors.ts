import { ApiError } from '@bodega/client';

/** Codes that mean the session is over: sign in again. */
const sessionOver = new Set(['SESSION_EXPIRED', 'TOKEN_REVOKED', 'INVALID_TOKEN']);

export function isSessionOver(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401 && sessionOver.has(error.code);
}

/**
 * The server's 4xx `details` as messages per form field: schema issues (`details.issues[].field`, dotted
 * paths like `payment.card_number`) and domain errors naming one field (`details.field`, with the
 * error's own message). `aliases` maps an API field to the form's name for it.
 */
export function fieldErrorsOf(error: unknown, aliases: Record<string, string> = {}): Record<string, string> {
  if (!(error instanceof ApiError) || error.status >= 500) return {};
  const fields: Record<string, string> = {};
  const name = (field: string) => aliases[field] ?? field;
  const { issues, field } = error.details as { issues?: unknown; field?: unknown };
  if (Array.isArray(issues)) {
    for (const issue of issues as { field?: unknown; message?: unknown }[]) {
      if (typeof issue.field !== 'string' || typeof issue.message !== 'string') continue;
      const key = name(issue.field);
      const label = (issue.field.split('.').at(-1) ?? issue.field).replaceAll('_', ' ');
      fields[key] ??= `${label.charAt(0).toUpperCase()}${label.slice(1)} ${issue.message}`;
    }
  }
  if (typeof field === 'string') fields[name(field)] ??= error.message;
  return fields;
}

/** Words for a person, whatever failed. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.status === 429) return 'Too many requests: wait a moment and try again.';
    if (error.status >= 500) return 'Something went wrong on our side. Please try again.';
    return error.message;
  }
  if (error instanceof TypeError) return 'The shop cannot be reached. Check your connection and try again.';
  return 'Something went wrong. Please try again.';
}
