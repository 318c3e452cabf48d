import { proxiedMethods, type PublicRoute, type UpstreamName } from '../routes/route-table.js';

/** The HTTP methods an OpenAPI path item may hold, by their key in it. */
export const operationKeys = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** A compiled route-table line: its service, methods and what its pattern matches. */
interface Matcher {
  service: UpstreamName;
  methods: ReadonlySet<string>;
  pattern: RegExp;
  /** Whether the pattern has no wildcard or parameter: such routes win over the others, as in find-my-way. */
  exact: boolean;
}

function compile(route: PublicRoute): Matcher {
  const source = route.path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return {
    service: route.service,
    methods: new Set(route.methods ?? proxiedMethods),
    pattern: new RegExp(`^${source}$`),
    exact: !/[*:]/.test(route.path),
  };
}

/**
 * Answers which service the gateway forwards an operation to, if any: the same decision the gateway's
 * router makes for a request (a static path wins over a wildcard one), asked of an OpenAPI path like
 * `/api/v1/products/{id}`.
 */
export function publicOperations(
  table: readonly PublicRoute[],
): (method: string, path: string) => UpstreamName | undefined {
  const matchers = table.map(compile);
  return (method, path) => {
    // A path parameter stands for any one segment: a sample value is matched in its place.
    const concrete = path.replace(/\{[^/}]+\}/g, 'x');
    const candidates = matchers.filter(
      (matcher) => matcher.methods.has(method.toUpperCase()) && matcher.pattern.test(concrete),
    );
    return (candidates.find((matcher) => matcher.exact) ?? candidates[0])?.service;
  };
}
