import { decodeCursor, encodeCursor } from '@bodega/db';
import { and, desc, eq, isNull, lt } from 'drizzle-orm';
import { hasRole, requireAuthenticated, type Principal } from '@bodega/auth';
import type { PageOf, Review } from '@bodega/contracts';
import { Forbidden } from '@bodega/errors';
import { reviews } from '../db/schema.js';
import type { CatalogDeps } from '../deps.js';
import { parseProductRef } from '../products/product.js';
import { readProduct } from '../products/product-cache.js';
import { productNotFound } from '../products/product-store.js';
import { toReviewJson } from './review.js';

export interface ListReviewsInput {
  limit: number;
  cursor?: string | undefined;
  /** visible (default, everyone); hidden or all: managers and admins. */
  status: 'visible' | 'hidden' | 'all';
}

const CURSOR_KIND = 'r1';

export interface ReviewListing {
  page: PageOf<Review>;
  /**
   * The product's id when the page is what everybody sees (its visible reviews, the product active):
   * the gateway may keep such a page under the product's purge tag, which every review change and
   * every product change purges.
   */
  publicOf: string | undefined;
}

/** A product's reviews, newest first, a page at a time. */
export async function listReviews(
  deps: CatalogDeps,
  principal: Principal | undefined,
  idOrSlug: string,
  input: ListReviewsInput,
): Promise<ReviewListing> {
  const moderator = hasRole(principal, 'manager', 'admin');
  if (input.status !== 'visible' && !moderator) {
    // Anonymous: 401, as for every staff-only request; signing in as staff would answer it.
    requireAuthenticated(principal);
    throw Forbidden('Only managers and admins see hidden reviews', { code: 'FORBIDDEN' });
  }
  // Through the product cache: a page of reviews is read as often as its product's page.
  const product = await readProduct(deps, parseProductRef(idOrSlug));
  if (!product || (!product.active && !moderator)) throw productNotFound();
  const before = input.cursor === undefined ? undefined : decodeCursor(CURSOR_KIND, input.cursor);
  const rows = await deps.db
    .select()
    .from(reviews)
    .where(
      and(
        eq(reviews.productId, product.id),
        isNull(reviews.deletedAt),
        input.status === 'all' ? undefined : eq(reviews.status, input.status),
        before === undefined ? undefined : lt(reviews.id, before),
      ),
    )
    .orderBy(desc(reviews.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    page: {
      items: page.map(toReviewJson),
      next_cursor: rows.length > input.limit && last ? encodeCursor(CURSOR_KIND, last.id) : null,
    },
    publicOf: product.active && input.status === 'visible' ? product.id : undefined,
  };
}
