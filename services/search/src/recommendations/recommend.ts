/**
 * `GET /recommendations`. The answer names the strategy of its first (strongest) items:
 *
 * - with `product_id`: products bought together with it (`bought_together`), then viewed together
 *   (`viewed_together`), topped up with popular products of its category, then popular ones overall;
 *   never the product itself. An unknown (or deleted, or inactive) product gets `popular`.
 * - with `customer_id` (theirs, or any for managers and admins): products co-occurring with what they
 *   recently viewed or bought, not those themselves (`personal`), topped up with popular ones.
 * - otherwise, or without any signal: the most popular active in-stock products, newest first among
 *   equals (`popular`).
 */
import type { Principal } from '@bodega/auth';
import { requireSelfOrRole } from '@bodega/auth';
import type { SearchHit } from '@bodega/contracts';
import type { SearchDeps } from '../deps.js';
import { toHit, type HitRow } from '../query/rows.js';
import { categoryOf, historyOf, neighbours, popular } from './recommend-sql.js';

export type Strategy = 'bought_together' | 'viewed_together' | 'personal' | 'popular';

export interface RecommendationQuery {
  product_id?: string;
  customer_id?: string;
  limit: number;
}

export interface Recommendations {
  items: SearchHit[];
  strategy: Strategy;
}

export async function recommend(
  deps: SearchDeps,
  principal: Principal | undefined,
  query: RecommendationQuery,
): Promise<Recommendations> {
  // A customer's history is theirs: anonymous callers get 401, other customers 403.
  if (query.customer_id !== undefined) requireSelfOrRole(principal, query.customer_id, 'manager', 'admin');
  const picked = new Picks(query.limit);
  let strategy: Strategy = 'popular';

  if (query.product_id !== undefined) {
    const productId = query.product_id;
    picked.exclude(productId);
    const category = await categoryOf(deps.db, productId);
    if (category !== undefined) {
      if (picked.add(await neighbours(deps.db, [productId], ['bought'], picked.ids, picked.room)))
        strategy = 'bought_together';
      if (picked.add(await neighbours(deps.db, [productId], ['viewed'], picked.ids, picked.room)))
        strategy = strategy === 'popular' ? 'viewed_together' : strategy;
      picked.add(await popular(deps.db, category, picked.ids, picked.room));
    }
  } else if (query.customer_id !== undefined) {
    const seeds = await historyOf(deps.db, query.customer_id);
    for (const seed of seeds) picked.exclude(seed);
    if (picked.add(await neighbours(deps.db, seeds, ['bought', 'viewed'], picked.ids, picked.room)))
      strategy = 'personal';
  }
  picked.add(await popular(deps.db, null, picked.ids, picked.room));
  const now = deps.now();
  return { items: picked.rows.map((row) => toHit(row, now)), strategy };
}

/** The products picked so far, and those never to pick. */
class Picks {
  readonly rows: HitRow[] = [];
  readonly #excluded = new Set<string>();

  constructor(readonly limit: number) {}

  get ids(): string[] {
    return [...this.#excluded];
  }

  get room(): number {
    return this.limit - this.rows.length;
  }

  exclude(id: string): void {
    this.#excluded.add(id);
  }

  /** Adds the rows not excluded; resolves to whether any was added. */
  add(rows: HitRow[]): boolean {
    let added = false;
    for (const row of rows) {
      if (this.room <= 0 || this.#excluded.has(row.product_id)) continue;
      this.rows.push(row);
      this.#excluded.add(row.product_id);
      added = true;
    }
    return added;
  }
}
