/** What a secret's value becomes in a log line. */
export const CENSOR = '[redacted]';

/**
 * Field names whose values never reach a log line: credentials, tokens, cookies and card numbers,
 * wherever they sit within two levels (`password`, `body.password`, `req.headers.authorization`).
 */
export const secretFields: ReadonlySet<string> = new Set([
  'password',
  'new_password',
  'current_password',
  'token',
  'access_token',
  'refresh_token',
  'authorization',
  'cookie',
  'set-cookie',
  'x-service-token',
  'card_number',
  'secret',
]);

const DEPTH = 2;

/**
 * The line with every secret field censored, copying only the objects on the way to one (a line with
 * no secret, nearly every line, is returned as it is, allocation-free). Objects the caller passed are
 * never changed. See docs/adr/0013-log-redaction.md for why this replaces pino's path-based `redact`.
 */
export function redactSecrets<T extends Record<string, unknown>>(line: T): T {
  return redactObject(line, 0) as T;
}

function redactObject(value: Record<string, unknown>, depth: number): Record<string, unknown> {
  let copy: Record<string, unknown> | undefined;
  for (const key in value) {
    const field = value[key];
    let replaced: unknown = field;
    if (secretFields.has(key.toLowerCase())) {
      if (field !== undefined && field !== CENSOR) replaced = CENSOR;
    } else if (depth < DEPTH && typeof field === 'object' && field !== null) {
      replaced = Array.isArray(field) ? redactArray(field, depth + 1) : redactPlain(field, depth + 1);
    }
    if (replaced !== field) {
      copy ??= { ...value };
      copy[key] = replaced;
    }
  }
  return copy ?? value;
}

function redactPlain(value: object, depth: number): unknown {
  // Errors, buffers, dates and class instances are left to their serializers: only plain data is walked.
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return value;
  return redactObject(value as Record<string, unknown>, depth);
}

function redactArray(values: unknown[], depth: number): unknown[] {
  let copy: unknown[] | undefined;
  for (let i = 0; i < values.length; i++) {
    const item = values[i];
    if (typeof item !== 'object' || item === null || Array.isArray(item)) continue;
    const replaced = redactPlain(item, depth);
    if (replaced !== item) {
      copy ??= [...values];
      copy[i] = replaced;
    }
  }
  return copy ?? values;
}
