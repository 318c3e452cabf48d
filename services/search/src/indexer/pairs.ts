/** Every ordered pair of distinct products among `ids` (both directions), each once. */
export function pairsOf(ids: readonly string[]): [string, string][] {
  const unique = [...new Set(ids)];
  const pairs: [string, string][] = [];
  for (const a of unique) for (const b of unique) if (a !== b) pairs.push([a, b]);
  return pairs;
}

/** Pairs between one new product and earlier ones (both directions); none with itself. */
export function pairsWith(product: string, earlier: readonly string[]): [string, string][] {
  return [...new Set(earlier)]
    .filter((other) => other !== product)
    .flatMap((other) => [[product, other] as [string, string], [other, product] as [string, string]]);
}

/** Who viewed: the customer when signed in, else the browser session, else nobody to pair for. */
export function viewerKey(view: { customer_id: string | null; session_id: string | null }): string | null {
  if (view.customer_id) return `c:${view.customer_id}`;
  if (view.session_id) return `s:${view.session_id}`;
  return null;
}
