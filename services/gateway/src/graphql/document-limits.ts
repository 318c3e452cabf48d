import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from './graphql-js.js';
import { RequestRefused, graphqlCodes } from './errors.js';

/**
 * Most fields one place of the answer may merge (one response key under one parent, the fields of
 * the fragments spread there included). Execution merges them into one, but graphql-js's
 * OverlappingFieldsCanBeMerged compares every pair, and the pairs of their children again: 3 copies of
 * a field in each of 6 nested levels (729 at the bottom, under 2,000 tokens) cost it 0.4 s. At most
 * 20 per place, its work is at most 20 times the document's size.
 */
export const MAX_MERGED = 20;

/** The shape limits of a document, checked before graphql-js validates it. */
export interface DocumentLimits {
  depth: number;
  fragments: number;
  aliases: number;
  /** Directives on one field, fragment spread, inline fragment, operation or fragment definition. */
  directives: number;
}

/** What one walk over a document found. */
export interface DocumentShape {
  /** Deepest selection of any operation, fragments followed, introspection fields not counted. */
  depth: number;
  fragments: number;
  aliases: number;
  /** The most directives on one node. */
  directives: number;
  /** The most fields merged at one place: one response key under one parent, spread fragments' included. */
  merged: number;
  /** Fragment bodies walked to find the depth: each once, however often it is spread. */
  fragmentsWalked: number;
}

/**
 * Measures a document's shape in time linear in its size: every field is visited once, and what a
 * fragment brings (its depth, its fields) is computed once and remembered, so a fragment spread twice
 * by each of a chain of fragments (2^n copies written out) costs n walks, not 2^n. Nothing here needs
 * the schema.
 */
export function documentShape(document: DocumentNode): DocumentShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const shape = { depth: 0, fragments: fragments.size, aliases: 0, directives: 0, merged: 0 };
  const noteDirectives = (node: { directives?: readonly unknown[] | undefined }) => {
    shape.directives = Math.max(shape.directives, node.directives?.length ?? 0);
  };

  // Each fragment's own fields by response key (inline fragments merged in), and the fragments it spreads.
  const own = new Map<string, { keys: Map<string, number>; spreads: Set<string> }>();
  for (const [name, fragment] of fragments) {
    const keys = new Map<string, number>();
    const spreads = new Set<string>();
    const collect = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          const key = (selection.alias ?? selection.name).value;
          keys.set(key, (keys.get(key) ?? 0) + 1);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet);
        else spreads.add(selection.name.value);
      }
    };
    collect(fragment.selectionSet);
    own.set(name, { keys, spreads });
  }
  // What spreading a fragment brings to a place: its fields and those of every fragment it reaches
  // (each once, as validation collects them), counted once per fragment, remembered.
  const reached = new Map<string, Map<string, number>>();
  const brought = (name: string): Map<string, number> => {
    const known = reached.get(name);
    if (known) return known;
    const counts = new Map<string, number>();
    reached.set(name, counts); // a cycle ends here
    const seen = new Set<string>();
    const visit = (fragment: string) => {
      const entry = own.get(fragment);
      if (!entry || seen.has(fragment)) return;
      seen.add(fragment);
      for (const [key, count] of entry.keys) counts.set(key, (counts.get(key) ?? 0) + count);
      for (const next of entry.spreads) visit(next);
    };
    visit(name);
    return counts;
  };

  // The fields merged at each place, every field of the document in one group once: aliases,
  // directives, and how many fields each place merges.
  const mergeAt = (sets: readonly SelectionSetNode[]) => {
    const groups = new Map<string, { count: number; below: SelectionSetNode[] }>();
    const spreads = new Set<string>();
    const group = (key: string) => {
      let found = groups.get(key);
      if (!found) groups.set(key, (found = { count: 0, below: [] }));
      return found;
    };
    const collect = (set: SelectionSetNode) => {
      for (const selection of set.selections) {
        noteDirectives(selection);
        if (selection.kind === Kind.FIELD) {
          if (selection.alias) shape.aliases += 1;
          const found = group((selection.alias ?? selection.name).value);
          found.count += 1;
          if (selection.selectionSet) found.below.push(selection.selectionSet);
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          collect(selection.selectionSet); // validation merges these into the enclosing set
        } else {
          spreads.add(selection.name.value);
        }
      }
    };
    for (const set of sets) collect(set);
    // A fragment's own fields below this level are merged where the fragment is defined.
    for (const name of spreads) {
      for (const [key, count] of brought(name)) group(key).count += count;
    }
    for (const found of groups.values()) {
      shape.merged = Math.max(shape.merged, found.count);
      if (found.below.length > 0) mergeAt(found.below);
    }
  };

  const depthMemo = new Map<string, number>();
  let fragmentsWalked = 0;
  const fragmentDepth = (name: string): number => {
    const known = depthMemo.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // Unknown and cyclic spreads are the specified rules' to report; they add no depth here.
    if (!fragment) return 0;
    depthMemo.set(name, 0);
    fragmentsWalked += 1;
    const depth = depthOf(fragment.selectionSet);
    depthMemo.set(name, depth);
    return depth;
  };
  const depthOf = (set: SelectionSetNode): number => {
    let deepest = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        // Introspection's depth is the schema's, and production turns it off anyway.
        if (selection.name.value.startsWith('__')) continue;
        deepest = Math.max(deepest, 1 + (selection.selectionSet ? depthOf(selection.selectionSet) : 0));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        deepest = Math.max(deepest, depthOf(selection.selectionSet));
      } else {
        deepest = Math.max(deepest, fragmentDepth(selection.name.value));
      }
    }
    return deepest;
  };

  for (const definition of document.definitions) {
    if (definition.kind !== Kind.OPERATION_DEFINITION && definition.kind !== Kind.FRAGMENT_DEFINITION) {
      continue; // type definitions: ExecutableDefinitions refuses them
    }
    noteDirectives(definition);
    mergeAt([definition.selectionSet]);
    if (definition.kind === Kind.OPERATION_DEFINITION) {
      shape.depth = Math.max(shape.depth, depthOf(definition.selectionSet));
    }
  }
  return { ...shape, fragmentsWalked };
}

/**
 * Refuses a document beyond the limits with QUERY_TOO_DEEP or QUERY_TOO_LARGE (`details.limit` names
 * the limit), before the specified validation rules and the cost run: a cheap 400 for anything built to
 * make them expensive.
 */
export function refuseOversized(document: DocumentNode, limits: DocumentLimits): void {
  const shape = documentShape(document);
  const tooLarge = (limit: string, found: number, maximum: number, what: string) =>
    new RequestRefused(`The query has ${found} ${what}, above the limit of ${maximum}`, {
      code: graphqlCodes.tooLarge,
      status: 400,
      details: { limit, found, maximum },
    });
  if (shape.fragments > limits.fragments) {
    throw tooLarge('fragments', shape.fragments, limits.fragments, 'fragments');
  }
  if (shape.aliases > limits.aliases) throw tooLarge('aliases', shape.aliases, limits.aliases, 'aliases');
  if (shape.directives > limits.directives) {
    throw tooLarge('directives', shape.directives, limits.directives, 'directives on one field');
  }
  if (shape.merged > MAX_MERGED) {
    throw tooLarge('merged_fields', shape.merged, MAX_MERGED, 'fields merged at one place');
  }
  if (shape.depth > limits.depth) {
    throw new RequestRefused(`The query is nested ${shape.depth} deep, beyond the limit of ${limits.depth}`, {
      code: graphqlCodes.tooDeep,
      status: 400,
      details: { maximum: limits.depth },
    });
  }
}
