/**
 * The services the platform runs, read from the code rather than restated: a folder under services/
 * with a `src/index.ts` is a service, and its ServiceDefinition says its port (the PORT default), whether
 * it owns a database (migrations) and whom it calls (its `<SERVICE>_URL` keys). Compose, the chart and
 * the configuration reference are all checked against this list, so a new service cannot be forgotten.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TSchema } from '@bodega/config';

/** The repository root (this file is deploy/tools/platform.ts). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One config key of a service, as its schema declares it. */
export interface ConfigKey {
  key: string;
  description: string;
  default?: unknown;
  required: boolean;
  /** A short rendering of the accepted values (`integer 1..65535`, `one of a, b`, `string`). */
  type: string;
}

export interface PlatformService {
  name: string;
  port: number;
  /** Owns a database (has migrations): gets a DATABASE_URL and a migration step. */
  database: boolean;
  /** Other platform services this one calls, from its `<SERVICE>_URL` keys (IDENTITY_URL: every service). */
  calls: string[];
  config: ConfigKey[];
}

interface DefinitionLike {
  name: string;
  migrationsDir?: string;
  configSchema: { properties: Record<string, TSchema>; required?: string[] };
}

/** Names of the service folders that have a `src/index.ts`, sorted. */
export function serviceNames(root = repoRoot): string[] {
  const dir = path.join(root, 'services');
  return fs
    .readdirSync(dir)
    .filter((name) => fs.existsSync(path.join(dir, name, 'src', 'index.ts')))
    .sort();
}

function isDefinition(value: unknown, name: string): value is DefinitionLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { name?: unknown }).name === name &&
    typeof (value as { configSchema?: unknown }).configSchema === 'object'
  );
}

function typeOf(schema: TSchema): string {
  if (Array.isArray(schema.anyOf)) {
    return `one of ${(schema.anyOf as TSchema[]).map((option) => String(option.const)).join(', ')}`;
  }
  const type = String(schema.type);
  if (type === 'integer' || type === 'number') {
    const min = schema.minimum as number | undefined;
    const max = schema.maximum as number | undefined;
    return min === undefined && max === undefined ? type : `${type} ${min ?? ''}..${max ?? ''}`;
  }
  if (type === 'string' && typeof schema.pattern === 'string' && schema.pattern.startsWith('^')) {
    return `string matching \`${schema.pattern}\``;
  }
  return type;
}

/** Loads one service's definition through its package (the same entry the CLI starts). */
export async function loadService(name: string, all: readonly string[]): Promise<PlatformService> {
  const module = (await import(`@bodega/${name}`)) as Record<string, unknown>;
  const definition = Object.values(module).find((value) => isDefinition(value, name));
  if (!definition) throw new Error(`@bodega/${name} exports no ServiceDefinition named '${name}'`);
  const schema = definition.configSchema;
  const required = new Set(schema.required ?? []);
  const config = Object.entries(schema.properties).map(([key, property]) => ({
    key,
    description: typeof property.description === 'string' ? property.description : '',
    ...(property.default === undefined ? {} : { default: property.default as unknown }),
    required: required.has(key) && property.default === undefined,
    type: typeOf(property),
  }));
  const port: unknown = schema.properties.PORT?.default;
  if (typeof port !== 'number') throw new Error(`${name}: its config schema has no PORT default`);
  const calls = all.filter(
    (other) => other !== name && config.some((entry) => entry.key === `${other.toUpperCase()}_URL`),
  );
  return { name, port, database: Boolean(definition.migrationsDir), calls, config };
}

/** Every service of the platform, sorted by name. */
export async function platformServices(root = repoRoot): Promise<PlatformService[]> {
  const names = serviceNames(root);
  return Promise.all(names.map((name) => loadService(name, names)));
}
