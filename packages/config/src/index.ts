/**
 * One typed configuration schema per service, read from the environment and `.env`.
 *
 * A schema is a TypeBox object whose keys are the environment variable names and whose
 * `description` says what each key is for. `loadConfig` converts strings to the declared types,
 * applies defaults and fails at boot with every problem listed at once, so an operator fixes the
 * whole environment in one go instead of one variable per restart.
 */
import fs from 'node:fs';
import { parseEnv } from 'node:util';
import { type Static, type TObject, type TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

export { Type, type Static, type TObject, type TProperties, type TSchema } from '@sinclair/typebox';

/** Thrown when the environment does not satisfy a service's schema; its message lists every problem. */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(service: string, problems: string[]) {
    super(`Invalid configuration for ${service}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export interface LoadConfigOptions {
  /** Service name, used in error messages. */
  service: string;
  /** The environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** A `.env` file whose values apply where the environment has none; defaults to `.env` in the cwd. */
  envFile?: string | false;
}

/** Reads a `.env` file; a missing file is simply no values. */
export function readEnvFile(path: string): Record<string, string> {
  let text: string;
  try {
    text = fs.readFileSync(path, 'utf8');
  } catch {
    return {};
  }
  return parseEnv(text) as Record<string, string>;
}

/** Decimal integers and numbers as people write them, spaces around allowed. */
const INTEGER = /^\s*[-+]?\d+\s*$/;
const NUMBER = /^\s*[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?\s*$/;

/** Builds a service's typed config from its schema, or throws a `ConfigError` naming every bad key. */
export function loadConfig<S extends TObject>(schema: S, options: LoadConfigOptions): Static<S> {
  const fromFile = options.envFile === false ? {} : readEnvFile(options.envFile ?? '.env');
  const env = options.env ?? process.env;
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const value = env[key] ?? fromFile[key];
    // An empty variable means "not set", as shells and compose files commonly produce it.
    if (value !== undefined && value !== '') raw[key] = value;
  }
  const converted = Value.Convert(schema, { ...raw }) as Record<string, unknown>; // it may convert in place
  // TypeBox converts loosely ("2.5" to the integer 2, "1e1" to 1, "0x10" to 16 or, as a number, to
  // 0): a number an operator did not write. Such a value stays the string it was, and fails below.
  for (const [key, value] of Object.entries(raw)) {
    const property = (schema.properties as Record<string, TSchema | undefined>)[key];
    const pattern = property?.type === 'integer' ? INTEGER : property?.type === 'number' ? NUMBER : undefined;
    if (pattern && typeof value === 'string' && !pattern.test(value)) converted[key] = value;
  }
  const withDefaults = Value.Default(schema, converted);
  const problems = [...Value.Errors(schema, withDefaults)].map((error) => {
    const key = error.path.replace(/^\//, '').split('/')[0] ?? '';
    const property = (schema.properties as Record<string, TSchema | undefined>)[key];
    const description = typeof property?.description === 'string' ? ` (${property.description})` : '';
    const shown = key in raw ? `got ${JSON.stringify(raw[key])}` : 'not set';
    return `${key}: ${error.message}, ${shown}${description}`;
  });
  if (problems.length > 0) throw new ConfigError(options.service, [...new Set(problems)]);
  return withDefaults as Static<S>;
}

/** Lists a schema's keys with their descriptions and defaults, for docs and `--help` output. */
export function describeConfig(schema: TObject): { key: string; description: string; default?: unknown }[] {
  return Object.entries(schema.properties as Record<string, TSchema>).map(([key, property]) => ({
    key,
    description: typeof property.description === 'string' ? property.description : '',
    ...(property.default === undefined ? {} : { default: property.default as unknown }),
  }));
}
