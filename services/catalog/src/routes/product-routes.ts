import { Type } from '@sinclair/typebox';
import { requireRole } from '@bodega/auth';
import { Page, Product, Slug, productSurrogateKey } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { CatalogDeps } from '../deps.js';
import { createProduct } from '../products/create-product.js';
import { deleteProduct } from '../products/delete-product.js';
import { getProduct } from '../products/get-product.js';
import { edgeCacheHeaders } from '../products/product-cache.js';
import { listProducts } from '../products/list-products.js';
import { PriceAmount, ProductInput, StockQty } from '../products/product.js';
import { setStock } from '../products/set-stock.js';
import { ProductPatch, updateProduct } from '../products/update-product.js';
import { sessionIdOf } from '../views/view-recorder.js';
import { API, Cursor, errorResponses, Limit, ProductIdParams } from './schemas.js';

const uuid = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';
const ListProductsQuery = Type.Object(
  {
    limit: Limit,
    cursor: Cursor,
    category: Type.Optional(Slug),
    min_price: Type.Optional(PriceAmount),
    max_price: Type.Optional(PriceAmount),
    in_stock: Type.Optional(Type.Boolean({ description: 'true: stock_qty > 0; false: sold out' })),
    include_inactive: Type.Optional(Type.Boolean({ description: 'Managers and admins only' })),
    ids: Type.Optional(
      Type.String({
        pattern: `^${uuid}(,${uuid}){0,99}$`,
        description:
          'Comma-separated product ids, at most 100: a batch read (one call for a page of search hits or cart lines); unknown ids are left out',
      }),
    ),
  },
  { additionalProperties: false },
);
const ProductPage = Type.Object(Page(Product).properties, { additionalProperties: false });
const StockBody = Type.Object({ stock_qty: StockQty }, { additionalProperties: false });

/**
 * On a write's answer: the gateway it passes through drops the product from its edge cache before
 * the writer can read it again (other gateways hear the broadcast purge).
 */
const purgeHeader = (id: string) => ({ 'surrogate-key': productSurrogateKey(id) });

/** Products: public reads, writes for managers and admins. */
export function registerProductRoutes(app: ServiceApp, deps: CatalogDeps): void {
  app.get(
    `${API}/products`,
    {
      schema: {
        summary: 'List products (filters, cursor pagination, or a batch read by ids)',
        querystring: ListProductsQuery,
        response: { 200: ProductPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => listProducts(deps, request.principal, request.query),
  );

  app.get(
    `${API}/products/:id`,
    {
      schema: {
        summary: 'One product, by id or slug',
        params: ProductIdParams,
        response: { 200: Product, ...errorResponses(400, 401, 404) },
      },
    },
    async (request, reply) => {
      const product = await getProduct(deps, request.principal, request.params.id, {
        sessionId: sessionIdOf(request.headers['x-session-id']),
      });
      // What everybody may see may be kept by the gateway; an inactive product (staff only) may not.
      if (product.active) void reply.headers(edgeCacheHeaders(deps, product.id));
      return product;
    },
  );

  app.post(
    `${API}/products`,
    {
      schema: {
        summary: 'Create a product (manager, admin)',
        body: ProductInput,
        response: { 201: Product, ...errorResponses(400, 401, 403, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      requireRole(request.principal, 'manager', 'admin');
      const product = await createProduct(deps, request.body, request.trace.traceparent);
      return reply.status(201).send(product);
    },
  );

  app.patch(
    `${API}/products/:id`,
    {
      schema: {
        summary: 'Change a product (manager, admin)',
        params: ProductIdParams,
        body: ProductPatch,
        response: { 200: Product, ...errorResponses(400, 401, 403, 404, 409, 413, 415, 422) },
      },
    },
    async (request, reply) => {
      requireRole(request.principal, 'manager', 'admin');
      const product = await updateProduct(deps, request.params.id, request.body, request.trace.traceparent);
      return reply.headers(purgeHeader(product.id)).send(product);
    },
  );

  app.put(
    `${API}/products/:id/stock`,
    {
      schema: {
        summary: 'Set the available stock of a product, held units not included (manager, admin)',
        params: ProductIdParams,
        body: StockBody,
        response: { 200: Product, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      requireRole(request.principal, 'manager', 'admin');
      const product = await setStock(
        deps,
        request.params.id,
        request.body.stock_qty,
        request.trace.traceparent,
      );
      return reply.headers(purgeHeader(product.id)).send(product);
    },
  );

  app.delete(
    `${API}/products/:id`,
    {
      schema: {
        summary: 'Delete a product (manager, admin); it then answers 404',
        params: ProductIdParams,
        response: { 204: Type.Null(), ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      requireRole(request.principal, 'manager', 'admin');
      const id = await deleteProduct(deps, request.params.id, request.trace.traceparent);
      return reply.status(204).headers(purgeHeader(id)).send(null);
    },
  );
}
