import type { FastifySchemaCompiler } from 'fastify';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import type { TSchema } from '@sinclair/typebox';
import { registerFormats } from '@bodega/contracts';

/** The parts of an Ajv issue the kit's error handler turns into `details.issues`. */
interface Issue {
  instancePath: string;
  message: string;
  params?: Record<string, unknown>;
}

function parentAndKey(path: string): { parent: string; key: string } {
  const at = path.lastIndexOf('/');
  return { parent: path.slice(0, at), key: path.slice(at + 1) };
}

function toIssue(error: ValueError): Issue {
  if (error.type === ValueErrorType.ObjectAdditionalProperties) {
    const { parent, key } = parentAndKey(error.path);
    return { instancePath: parent, message: 'is not a known field', params: { additionalProperty: key } };
  }
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    const { parent, key } = parentAndKey(error.path);
    return { instancePath: parent, message: 'is required', params: { missingProperty: key } };
  }
  return { instancePath: error.path, message: error.message };
}

/**
 * Most issues one 400 lists. A 1 MB body of invalid items would otherwise list tens of thousands,
 * answering megabytes and spending seconds of CPU to say what the first few already say.
 */
export const MAX_ISSUES = 20;

/**
 * The first issues of a failed check, MAX_ISSUES and one more (so the error handler can tell the
 * client the list is truncated), walking TypeBox's lazy iterator no further than that.
 */
function firstIssues(errors: Iterable<ValueError>): Issue[] {
  const issues: Issue[] = [];
  // A missing property also fails its own type check, reported after it: report it once, as missing.
  const missing = new Set<string>();
  for (const error of errors) {
    if (error.type === ValueErrorType.ObjectRequiredProperty) missing.add(error.path);
    else if (missing.has(error.path)) continue;
    issues.push(toIssue(error));
    if (issues.length > MAX_ISSUES) break;
  }
  return issues;
}

const NUL = '\u0000';

/**
 * Where `value` holds U+0000 (in a string or an object key), as a JSON pointer; undefined if nowhere.
 * PostgreSQL text and jsonb cannot hold that character: it must be refused as input, not reach a query.
 */
function nulPath(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return value.includes(NUL) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const at = `${path}/${key}`;
    if (key.includes(NUL)) return at;
    const found = nulPath(item, at);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Request validation with the TypeBox schemas themselves. JSON bodies are checked exactly as sent:
 * Fastify's Ajv coerces types (`"password": 12345678901` would pass as a string, `"active": "false"`
 * as a boolean), and a wrong type must be a 400. Query strings and path parameters arrive as text, so
 * they are converted to their declared types and given their defaults first. Text holding U+0000 is
 * refused everywhere (a 400, where PostgreSQL would answer a 500). Each check is compiled on its
 * route's first request, not at start: a service registers dozens of routes and starts in one go.
 */
export const strictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  registerFormats();
  let compiled: ReturnType<typeof TypeCompiler.Compile> | undefined;
  return (input: unknown) => {
    const check = (compiled ??= TypeCompiler.Compile(schema));
    const value = httpPart === 'body' ? input : Value.Default(schema, Value.Convert(schema, input));
    if (check.Check(value)) {
      const nul = nulPath(value);
      if (nul === undefined) return { value };
      const issue: Issue = { instancePath: nul, message: 'must not contain the NUL character (U+0000)' };
      return { error: [issue] as unknown as Error };
    }
    const issues = firstIssues(check.Errors(value));
    // Fastify builds the 400 from this list; the kit's error handler formats it for clients.
    return { error: issues as unknown as Error };
  };
};
