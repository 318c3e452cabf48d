import type { Static } from '@sinclair/typebox';
import type { Category, PageOf, Product } from '@bodega/contracts';
import { ValidationError } from '@bodega/errors';
import {
  GraphQLBoolean,
  GraphQLID,
  GraphQLInt,
  GraphQLList,
  GraphQLNonNull,
  GraphQLString,
} from './graphql-js.js';
import { field, pageCost, segment, type FieldMap } from './fields.js';
import {
  ListProductsArgs,
  ListReviewsArgs,
  ProductInput,
  ProductPatch,
  ReviewInput,
  ReviewPatch,
} from './shapes.js';
import type { Types } from './types.js';

const id = { type: new GraphQLNonNull(GraphQLID) };

/** Products, categories and reviews (catalog). */
export function catalogQueries({ mapper, ...types }: Types): FieldMap {
  return {
    products: field<unknown, Static<typeof ListProductsArgs>>({
      type: types.ProductPage,
      description: 'Live products, oldest first: filters and cursor pagination as GET /api/v1/products',
      args: mapper.args(ListProductsArgs, 'Products'),
      extensions: pageCost(),
      resolve: (_source, args, context) => context.call('catalog', { path: '/api/v1/products', query: args }),
    }),
    product: field<unknown, { id?: string; slug?: string }>({
      type: types.Product,
      description: 'One product, by id or by slug (exactly one of them)',
      args: { id: { type: GraphQLID }, slug: { type: GraphQLString } },
      resolve: (_source, args, context) => {
        const ref = args.id ?? args.slug;
        if (ref === undefined || (args.id !== undefined && args.slug !== undefined)) {
          throw ValidationError('Give the product id or its slug, one of them', {
            details: { fields: ['id', 'slug'] },
          });
        }
        return context.call('catalog', { path: `/api/v1/products/${segment(ref)}` });
      },
    }),
    categories: field({
      type: new GraphQLList(new GraphQLNonNull(types.Category)),
      description: 'Every category, with its count of active products',
      resolve: async (_source, _args, context) =>
        (await context.call<PageOf<Category>>('catalog', { path: '/api/v1/categories' })).items,
    }),
    reviews: field<unknown, Static<typeof ListReviewsArgs> & { product_id: string }>({
      type: types.ReviewPage,
      description: "A product's reviews, newest first",
      args: { product_id: id, ...mapper.args(ListReviewsArgs, 'Reviews') },
      extensions: pageCost(),
      resolve: (_source, { product_id, ...query }, context) =>
        context.call('catalog', { path: `/api/v1/products/${segment(product_id)}/reviews`, query }),
    }),
  };
}

const deleted = (path: string) =>
  field<unknown, { id: string }>({
    type: new GraphQLNonNull(GraphQLBoolean),
    description: 'true once deleted',
    args: { id },
    resolve: async (_source, args, context) => {
      await context.call('catalog', { method: 'DELETE', path: `${path}/${segment(args.id)}` });
      return true;
    },
  });

export function catalogMutations({ mapper, ...types }: Types): FieldMap {
  return {
    createProduct: field<unknown, { input: Static<typeof ProductInput> }>({
      type: types.Product,
      description: 'Create a product (manager, admin)',
      args: { input: { type: mapper.input(ProductInput, 'ProductInput') } },
      resolve: (_source, { input }, context) =>
        context.call('catalog', { method: 'POST', path: '/api/v1/products', body: input }),
    }),
    updateProduct: field<unknown, { id: string; input: Static<typeof ProductPatch> }>({
      type: types.Product,
      description: 'Change some fields of a product (manager, admin)',
      args: { id, input: { type: mapper.input(ProductPatch, 'ProductPatch') } },
      resolve: (_source, args, context) =>
        context.call('catalog', {
          method: 'PATCH',
          path: `/api/v1/products/${segment(args.id)}`,
          body: args.input,
        }),
    }),
    deleteProduct: deleted('/api/v1/products'),
    setStock: field<unknown, { id: string; stock_qty: number }>({
      type: types.Product,
      description: 'Set the available stock of a product, held units not included (manager, admin)',
      args: { id, stock_qty: { type: new GraphQLNonNull(GraphQLInt) } },
      resolve: (_source, args, context) =>
        context.call<Product>('catalog', {
          method: 'PUT',
          path: `/api/v1/products/${segment(args.id)}/stock`,
          body: { stock_qty: args.stock_qty },
        }),
    }),
    postReview: field<unknown, { product_id: string; input: Static<typeof ReviewInput> }>({
      type: types.Review,
      description: 'Review a product (signed in; one review per product)',
      args: { product_id: id, input: { type: mapper.input(ReviewInput, 'ReviewInput') } },
      resolve: (_source, args, context) =>
        context.call('catalog', {
          method: 'POST',
          path: `/api/v1/products/${segment(args.product_id)}/reviews`,
          body: args.input,
        }),
    }),
    editReview: field<unknown, { id: string; input: Static<typeof ReviewPatch> }>({
      type: types.Review,
      description: 'Edit a review (author) or hide/restore it (manager, admin)',
      args: { id, input: { type: mapper.input(ReviewPatch, 'ReviewPatch') } },
      resolve: (_source, args, context) =>
        context.call('catalog', {
          method: 'PATCH',
          path: `/api/v1/reviews/${segment(args.id)}`,
          body: args.input,
        }),
    }),
    deleteReview: deleted('/api/v1/reviews'),
  };
}
