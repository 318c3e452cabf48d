import type { Answer } from '@bodega/client';

/** The shapes the pages use, all typed from the OpenAPI document (never restated here). */
export type ProductPage = Answer<'/api/v1/products', 'get', 200>;
export type Product = Answer<'/api/v1/products/{id}', 'get', 200>;
export type SearchPage = Answer<'/api/v1/search', 'get', 200>;
export type SearchHit = SearchPage['items'][number];
/** What a product card needs: a catalog product and a search hit both have it. */
export type ProductSummary = Pick<
  Product,
  'id' | 'slug' | 'name' | 'category' | 'price' | 'stock_qty' | 'images' | 'rating'
>;
export type Category = Answer<'/api/v1/categories', 'get', 200>['items'][number];
export type Review = Answer<'/api/v1/products/{id}/reviews', 'get', 200>['items'][number];
export type Cart = Answer<'/api/v1/cart', 'get', 200>;
export type CartLine = Cart['items'][number];
export type Quote = Answer<'/api/v1/pricing/quote', 'post', 200>;
export type Order = Answer<'/api/v1/orders/{id}', 'get', 200>;
export type OrderStatus = Order['status'];
export type Recommendations = Answer<'/api/v1/recommendations', 'get', 200>;
