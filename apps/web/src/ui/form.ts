import { toNestErrors } from '@hookform/resolvers';
import type { Static, TObject } from '@sinclair/typebox';
import { DefaultErrorFunction, SetErrorFunction } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import type { FieldError, FieldValues, Resolver, UseFormSetError, Path } from 'react-hook-form';
import { fieldErrorsOf } from '../api/errors';

// A schema may carry the words a person should read (`errorMessage`) instead of TypeBox's generic ones.
SetErrorFunction((error) =>
  typeof error.schema.errorMessage === 'string' ? error.schema.errorMessage : DefaultErrorFunction(error),
);

/**
 * A react-hook-form resolver for a TypeBox (0.34) schema: the form's type and its client-side validation
 * from one schema. (`@hookform/resolvers/typebox` targets the `typebox` 1.x package, which the
 * workspace does not have; this is the same idea on the TypeBox the platform uses.)
 */
export function typeboxResolver<T extends TObject>(schema: T): Resolver<Static<T> & FieldValues> {
  // Value.Check interprets the schema: TypeCompiler would generate code with `new Function`, which the
  // gateway's CSP (script-src 'self', no 'unsafe-eval') rightly refuses.
  return (values, _context, options) => {
    if (Value.Check(schema, values)) return { values, errors: {} };
    const errors: Record<string, FieldError> = {};
    for (const error of Value.Errors(schema, values)) {
      const path = error.path.split('/').slice(1).join('.');
      errors[path] ??= { type: String(error.type), message: error.message };
    }
    return { values: {}, errors: toNestErrors(errors, options) };
  };
}

/**
 * Puts the server's 4xx `details` on the form's fields; returns whether any field took one (when none
 * did, the caller shows the error's message above the form).
 */
export function applyServerErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
  aliases: Record<string, Path<T>> = {},
): boolean {
  const byField = fieldErrorsOf(error, aliases);
  let placed = false;
  for (const [field, message] of Object.entries(byField)) {
    if (!fields.includes(field as Path<T>)) continue;
    setError(field as Path<T>, { type: 'server', message }, { shouldFocus: !placed });
    placed = true;
  }
  return placed;
}
