import { isDeepStrictEqual } from 'node:util';
import type { OpenApiDocument } from '@bodega/kit';
import { operationKeys } from './public-operations.js';

/** One service's document, and which of its operations the merged document keeps. */
export interface DocumentPart {
  name: string;
  document: OpenApiDocument;
  keeps(method: string, path: string): boolean;
}

type Json = Record<string, unknown>;
type Components = Record<string, Record<string, unknown>>;

/** The paths and components of several documents as one: only kept operations, and what they use. */
export interface Merged {
  paths: Record<string, Json>;
  components: Components;
}

const isOperationKey = (key: string) => (operationKeys as readonly string[]).includes(key);
const componentRef = /^#\/components\/([^/]+)\/([^/]+)$/;

/**
 * Merges the kept operations of every part, in order, with the components they reference (directly or
 * through other components). A component whose name another part already took for something else is
 * renamed `<part>_<name>`, and the references to it follow, so no part's schema replaces another's.
 */
export function mergeParts(parts: readonly DocumentPart[]): Merged {
  const merged: Merged = { paths: {}, components: {} };
  for (const part of parts) {
    const kept = keptPaths(part);
    const components = part.document.components ?? {};
    const renames = new Map<string, string>();
    const placed: [into: Record<string, unknown>, name: string, value: unknown][] = [];
    for (const ref of reachable(kept, components)) {
      const [, section = '', name = ''] = componentRef.exec(ref) ?? [];
      const value = components[section]?.[name];
      const taken = (merged.components[section] ??= {});
      let target = name;
      // Identical and self-contained: one shared component. Anything else that collides gets a name of its own.
      const shareable = isDeepStrictEqual(taken[name], value) && !JSON.stringify(value).includes('"$ref"');
      if (name in taken && !shareable) {
        target = `${part.name}_${name}`;
        for (let n = 2; target in taken; n++) target = `${part.name}_${name}_${n}`;
      }
      renames.set(ref, `#/components/${section}/${target}`);
      placed.push([taken, target, value]);
      taken[target] = value;
    }
    for (const [into, target, value] of placed) into[target] = rewrite(value, renames);
    for (const [path, item] of Object.entries(kept)) {
      merged.paths[path] = { ...merged.paths[path], ...(rewrite(item, renames) as Json) };
    }
  }
  merged.components = Object.fromEntries(
    Object.entries(merged.components).filter(([, entries]) => Object.keys(entries).length > 0),
  );
  return merged;
}

function keptPaths(part: DocumentPart): Record<string, Json> {
  const kept: Record<string, Json> = {};
  for (const [path, item] of Object.entries(part.document.paths)) {
    const entries = Object.entries(item).filter(
      ([key]) => !isOperationKey(key) || part.keeps(key.toUpperCase(), path),
    );
    if (entries.some(([key]) => isOperationKey(key))) kept[path] = Object.fromEntries(entries);
  }
  return kept;
}

/** Every `#/components/...` reference reachable from `root`, following references inside components. */
function reachable(root: unknown, components: Components): string[] {
  const found = new Set<string>();
  const queue = [root];
  while (queue.length > 0) {
    for (const ref of refsIn(queue.pop())) {
      if (found.has(ref)) continue;
      const [, section = '', name = ''] = componentRef.exec(ref) ?? [];
      const value = components[section]?.[name];
      if (value === undefined) continue;
      found.add(ref);
      queue.push(value);
    }
  }
  return [...found];
}

function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(refsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    key === '$ref' && typeof inner === 'string' ? [inner] : refsIn(inner),
  );
}

/** A deep copy of `value` with the references in `renames` replaced. */
export function rewrite(value: unknown, renames: ReadonlyMap<string, string>): unknown {
  if (Array.isArray(value)) return value.map((inner) => rewrite(inner, renames));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      key === '$ref' && typeof inner === 'string' ? (renames.get(inner) ?? inner) : rewrite(inner, renames),
    ]),
  );
}

/**
 * Replaces every inline schema titled `title` in a response (the kit's error bodies) by a reference
 * to one component of that name, when they are all the same schema; their descriptions stay on the
 * responses. Returns whether it did.
 */
export function hoistResponseSchema(merged: Merged, title: string): boolean {
  const medias = Object.values(merged.paths)
    .flatMap((item) => Object.entries(item).filter(([key]) => isOperationKey(key)))
    .flatMap(([, operation]) => Object.values((operation as { responses?: Json }).responses ?? {}))
    .flatMap((response) => Object.values((response as { content?: Json }).content ?? {}))
    .filter((media): media is { schema: Json } => (media as { schema?: Json }).schema?.title === title);
  const stripped = medias.map(({ schema }) => {
    const { description: _description, ...rest } = schema;
    return rest;
  });
  const [first] = stripped;
  const taken = merged.components.schemas?.[title];
  if (first === undefined || (taken !== undefined && !isDeepStrictEqual(taken, first))) return false;
  if (!stripped.every((schema) => isDeepStrictEqual(schema, first))) return false;
  merged.components.schemas = { ...merged.components.schemas, [title]: first };
  for (const media of medias) media.schema = { $ref: `#/components/schemas/${title}` };
  return true;
}
