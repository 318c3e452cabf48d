/**
 * The catalog's public shapes (ARCHITECTURE "Shapes that clients rely on"): products, categories,
 * reviews, and the search results built from them. Services validate and document with these; the
 * events carry the same pieces, so a product reads the same wherever it travels.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Money, Timestamp, Uuid } from './dto.js';
import { SafeNumber } from './numbers.js';

/** A URL-safe name: lowercase words joined by single dashes (`espresso-cup`). */
export const Slug = Type.String({
  pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$',
  minLength: 1,
  maxLength: 120,
  description: 'Lowercase letters and digits in words joined by dashes',
});
export type Slug = Static<typeof Slug>;

/** Free-form product facts (`{ "color": "red", "weight_g": 250 }`): flat, small, never markup. */
export const ProductAttributes = Type.Record(
  Type.String({ pattern: '^[a-z][a-z0-9_]{0,63}$' }),
  Type.Union([Type.String({ maxLength: 500 }), SafeNumber(), Type.Boolean()]),
  { description: 'Flat key/value facts; keys are snake_case, at most 50 of them', maxProperties: 50 },
);
export type ProductAttributes = Static<typeof ProductAttributes>;

/** Product images, as absolute http(s) URLs (the catalog stores links, not files). */
export const ProductImages = Type.Array(
  Type.String({ pattern: '^https?://[^\\s]+$', maxLength: 2048, description: 'http(s) URL' }),
  { maxItems: 20 },
);

/** What customers think: the average of visible reviews' ratings (0 when none) and how many there are. */
export const Rating = Type.Object({
  average: Type.Number({
    minimum: 0,
    maximum: 5,
    description: 'Mean rating, one decimal; 0 without reviews',
  }),
  count: Type.Integer({ minimum: 0, description: 'Visible reviews' }),
});
export type Rating = Static<typeof Rating>;

/** A product as every client sees it. `stock_qty` is what can be bought now. */
export const Product = Type.Object({
  id: Uuid,
  slug: Slug,
  name: Type.String(),
  description: Type.String(),
  /** The category's slug. */
  category: Slug,
  sku: Type.String(),
  price: Money,
  stock_qty: Type.Integer({ minimum: 0 }),
  images: ProductImages,
  attributes: ProductAttributes,
  active: Type.Boolean(),
  rating: Rating,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Product = Static<typeof Product>;

export const Category = Type.Object({
  slug: Slug,
  name: Type.String(),
  description: Type.String(),
  /** Active products in the category. */
  product_count: Type.Integer({ minimum: 0 }),
});
export type Category = Static<typeof Category>;

export const ReviewStatus = Type.Union([Type.Literal('visible'), Type.Literal('hidden')], {
  description: 'hidden: withdrawn by a moderator; only managers, admins and the author see it',
});

/** A customer's review. Title and body are plain text, returned exactly as written: render them as text. */
export const Review = Type.Object({
  id: Uuid,
  product_id: Uuid,
  author: Type.Object({ id: Uuid, name: Type.Union([Type.String(), Type.Null()]) }),
  rating: Type.Integer({ minimum: 1, maximum: 5 }),
  title: Type.String(),
  body: Type.String(),
  status: ReviewStatus,
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Review = Static<typeof Review>;

/**
 * One search result: the product as the search read model holds it (no attributes; inactive products
 * are never results), plus what search knows about it.
 */
export const SearchHit = Type.Composite([
  Type.Omit(Product, ['attributes', 'active']),
  Type.Object({
    in_stock: Type.Boolean(),
    popularity: Type.Number({ minimum: 0, description: 'Views and orders, recent ones weighing more' }),
  }),
]);
export type SearchHit = Static<typeof SearchHit>;

const FacetCount = Type.Object({ value: Type.String(), count: Type.Integer({ minimum: 0 }) });

/** Counts over every match of the query and filters (not only the page returned). */
export const SearchFacets = Type.Object({
  category: Type.Array(FacetCount),
  price: Type.Array(
    Type.Object({
      /** Inclusive lower bound, minor units. */
      min: Type.Integer({ minimum: 0 }),
      /** Exclusive upper bound, minor units; null for the last, open bucket. */
      max: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()]),
      count: Type.Integer({ minimum: 0 }),
    }),
  ),
  in_stock: Type.Integer({ minimum: 0, description: 'Matches with stock' }),
});
export type SearchFacets = Static<typeof SearchFacets>;

export const SearchResults = Type.Object({
  items: Type.Array(SearchHit),
  next_cursor: Type.Union([Type.String(), Type.Null()]),
  facets: SearchFacets,
  /** Matches in total (all pages). */
  total: Type.Integer({ minimum: 0 }),
});
export type SearchResults = Static<typeof SearchResults>;
