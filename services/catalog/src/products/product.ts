import { Type, type Static } from '@sinclair/typebox';
import {
  Int4,
  Money,
  ProductAttributes,
  ProductImages,
  Slug,
  type Product,
  type Rating,
} from '@bodega/contracts';
import { isUuid } from '@bodega/db';
import { ValidationError } from '@bodega/errors';
import type { ProductRow } from '../db/schema.js';

/** The largest price accepted: a million in major units, far above any real item, far below int overflow. */
export const MAX_PRICE_AMOUNT = 100_000_000;
/** The most units a product's stock holds: far above any real shelf, below int overflow when summed. */
export const MAX_STOCK_QTY = 1_000_000_000;

/** A price in minor units as catalog stores it (an `integer` column). */
export const PriceAmount = Int4({ minimum: 0, maximum: MAX_PRICE_AMOUNT, description: 'Minor units' });
/** Units in stock (an `integer` column). */
export const StockQty = Int4({ minimum: 0, maximum: MAX_STOCK_QTY });

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * A product's slug: the contract's, at most 100 characters, since it travels in paths and the
 * router refuses longer path parameters.
 */
export const ProductSlug = Type.String({ ...Slug, maxLength: 100 });

/** The writable fields of a product: what POST /products takes (PATCH takes any of them). */
export const ProductInput = Type.Object(
  {
    slug: Type.Optional(ProductSlug),
    name: Type.String({ minLength: 1, maxLength: 200, pattern: '\\S' }),
    description: Type.Optional(Type.String({ maxLength: 10_000 })),
    category: Slug,
    sku: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' }),
    price: Type.Object(
      {
        amount: PriceAmount,
        currency: Money.properties.currency,
      },
      { additionalProperties: false },
    ),
    stock_qty: StockQty,
    images: Type.Optional(ProductImages),
    attributes: Type.Optional(ProductAttributes),
    active: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type ProductInput = Static<typeof ProductInput>;

/** The rating clients see: the mean of visible reviews to one decimal, 0 without any. */
export function ratingOf(sum: number, count: number): Rating {
  if (count <= 0) return { average: 0, count: 0 };
  return { average: Math.round((sum / count) * 10) / 10, count };
}

/** A slug from a product name: `"Espresso Cup (Blue)"` -> `espresso-cup-blue`; accents dropped. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
    .replace(/-+$/, '');
  return slug === '' ? 'product' : slug;
}

/** How a product is named in a path: its id or its slug; anything else is a client error. */
export type ProductRef = { id: string } | { slug: string };

export function parseProductRef(value: string): ProductRef {
  if (isUuid(value)) return { id: value.toLowerCase() };
  if (value.length <= 120 && slugPattern.test(value)) return { slug: value };
  throw ValidationError('A product is named by its id (UUID) or its slug', {
    code: 'INVALID_PRODUCT_ID',
    details: { field: 'id' },
  });
}

/** The product as every client sees it (contracts `Product`). */
export function toProductJson(row: ProductRow): Product {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    category: row.categorySlug,
    sku: row.sku,
    price: { amount: row.priceAmount, currency: row.currency },
    stock_qty: row.stockQty,
    images: row.images,
    attributes: row.attributes,
    active: row.active,
    rating: ratingOf(row.ratingSum, row.ratingCount),
    created_at: row.createdAt.toISOString(),
    updated_at: row.updatedAt.toISOString(),
  };
}
