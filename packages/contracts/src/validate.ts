import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { EventEnvelope } from './envelope.js';
import { registerFormats } from './formats.js';
import { eventSchemas, isEventType, type AnyEnvelope } from './registry.js';

registerFormats();

/** One reason a value does not match its schema; `path` is a JSON pointer. */
export interface ValidationIssue {
  path: string;
  message: string;
}

/** Either the typed envelope or why it is not one. */
export type EventValidation = { ok: true; envelope: AnyEnvelope } | { ok: false; errors: ValidationIssue[] };

// Compiling a checker costs far more than running it, and every consumed event is checked: compile
// each schema once, on first use.
const checkers = new Map<TSchema, TypeCheck<TSchema>>();

function checker(schema: TSchema): TypeCheck<TSchema> {
  let check = checkers.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    checkers.set(schema, check);
  }
  return check;
}

// A hostile or broken payload can fail in thousands of places; the first few explain it.
const maxIssues = 20;

function issues(schema: TSchema, value: unknown, prefix = ''): ValidationIssue[] {
  const check = checker(schema);
  if (check.Check(value)) return [];
  const found: ValidationIssue[] = [];
  for (const error of check.Errors(value)) {
    found.push({ path: `${prefix}${error.path}` || '/', message: error.message });
    if (found.length >= maxIssues) break;
  }
  return found;
}

/** Checks `data` against the schema registered for `type` (what producers write). */
export function validateEventData(type: string, data: unknown): ValidationIssue[] {
  if (!isEventType(type)) return [{ path: '/type', message: `Unknown event type ${type}` }];
  return issues(eventSchemas[type].data, data, '/data');
}

/**
 * Checks a whole envelope: its own shape, a registered type and version, and `data` against that
 * type's schema. Consumers call it on every delivery; what fails goes to the dead-letter queue.
 */
export function validateEvent(value: unknown): EventValidation {
  const envelopeIssues = issues(EventEnvelope, value);
  if (envelopeIssues.length > 0) return { ok: false, errors: envelopeIssues };
  const envelope = value as EventEnvelope;
  if (!isEventType(envelope.type)) {
    return { ok: false, errors: [{ path: '/type', message: `Unknown event type ${envelope.type}` }] };
  }
  const expected = eventSchemas[envelope.type].version;
  if (envelope.version !== expected) {
    return {
      ok: false,
      errors: [
        {
          path: '/version',
          message: `Unsupported version ${envelope.version} of ${envelope.type} (expected ${expected})`,
        },
      ],
    };
  }
  const dataIssues = validateEventData(envelope.type, envelope.data);
  if (dataIssues.length > 0) return { ok: false, errors: dataIssues };
  return { ok: true, envelope: envelope as AnyEnvelope };
}

/** One line per issue, for logs and dead-letter reasons. */
export function formatIssues(errors: ValidationIssue[]): string {
  return errors.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
}
