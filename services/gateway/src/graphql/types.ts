import {
  AnalyticsInterval,
  Cart,
  CartLine,
  Category,
  CustomersReport,
  CustomersPoint,
  Funnel,
  FunnelStep,
  FunnelStepName,
  OrderHistoryEntry,
  Refund,
  SalesPoint,
  SearchFacets,
  Money,
  Order,
  OrderLine,
  OrderStatus,
  Page,
  Payment,
  PaymentStatus,
  Product,
  Quote,
  QuoteLine,
  Rating,
  Review,
  ReviewStatus,
  Role,
  SalesReport,
  SearchHit,
  SearchResults,
  ShippingAddress,
  TopProduct,
  TopProducts,
  TopProductsBy,
  Totals,
  type Product as ProductJson,
} from '@bodega/contracts';
import { GraphQLInt, type GraphQLObjectType } from './graphql-js.js';
import { field, pageCost, segment } from './fields.js';
import {
  CardPayment,
  ListReviewsArgs,
  RecommendationArgs,
  Recommendations,
  Session,
  User,
} from './shapes.js';
import { TypeMapper } from './typebox-to-graphql.js';

/** The object types of the schema, each built from its one TypeBox declaration. */
export interface Types {
  mapper: TypeMapper;
  Product: GraphQLObjectType;
  ProductPage: GraphQLObjectType;
  Category: GraphQLObjectType;
  Review: GraphQLObjectType;
  ReviewPage: GraphQLObjectType;
  SearchResults: GraphQLObjectType;
  Recommendations: GraphQLObjectType;
  User: GraphQLObjectType;
  UserPage: GraphQLObjectType;
  Session: GraphQLObjectType;
  Cart: GraphQLObjectType;
  Quote: GraphQLObjectType;
  Order: GraphQLObjectType;
  OrderPage: GraphQLObjectType;
  Payment: GraphQLObjectType;
  PaymentPage: GraphQLObjectType;
  SalesReport: GraphQLObjectType;
  TopProducts: GraphQLObjectType;
  Funnel: GraphQLObjectType;
  CustomersReport: GraphQLObjectType;
}

/** The live product behind an id a body holds (a search hit, a cart or order line, a top product). */
function productOf(idField: string) {
  return (types: () => Types) =>
    field<Record<string, unknown>>({
      type: types().Product,
      description: 'The live product from catalog; null once deleted or deactivated (batched per request)',
      extensions: { cost: { upstream: 'batched' } },
      resolve: (source, _args, context) => context.loaders.product.load(String(source[idField])),
    });
}

/** Every named type, and the relations REST leaves to the client (ids) resolved as fields. */
export function createTypes(): Types {
  const mapper = new TypeMapper();
  for (const [schema, name] of [
    [Money, 'Money'],
    [Rating, 'Rating'],
    [Role, 'Role'],
    [ReviewStatus, 'ReviewStatus'],
    [OrderStatus, 'OrderStatus'],
    [PaymentStatus, 'PaymentStatus'],
    [AnalyticsInterval, 'AnalyticsInterval'],
    [TopProductsBy, 'TopProductsBy'],
    [FunnelStepName, 'FunnelStepName'],
    [FunnelStep, 'FunnelStep'],
    [SalesPoint, 'SalesPoint'],
    [CustomersPoint, 'CustomersPoint'],
    [SearchFacets, 'SearchFacets'],
    [OrderHistoryEntry, 'OrderHistoryEntry'],
    [Refund, 'Refund'],
    [Totals, 'Totals'],
    [ShippingAddress, 'ShippingAddress'],
    [SearchHit, 'SearchHit'],
    [CartLine, 'CartLine'],
    [OrderLine, 'OrderLine'],
    [QuoteLine, 'QuoteLine'],
    [TopProduct, 'TopProduct'],
    [CardPayment, 'CardPayment'],
    [ListReviewsArgs.properties.status, 'ReviewFilter'],
  ] as const) {
    mapper.name(schema, name);
  }

  // Relations refer to types built below; their fields are thunks, resolved once all exist.
  const registry: { built?: Types } = {};
  const types = (): Types => {
    if (!registry.built) throw new Error('GraphQL types used before they were built');
    return registry.built;
  };
  for (const [typeName, idField] of [
    ['SearchHit', 'id'],
    ['CartLine', 'product_id'],
    ['OrderLine', 'product_id'],
    ['QuoteLine', 'product_id'],
    ['TopProduct', 'product_id'],
    ['Review', 'product_id'],
  ] as const) {
    mapper.extend(typeName, () => ({ product: productOf(idField)(types) }));
  }

  mapper.extend('Product', () => ({
    reviews: field<ProductJson, { limit: number; cursor?: string; status: string }>({
      type: types().ReviewPage,
      description: "The product's reviews, newest first (one catalog call per product)",
      args: mapper.args(ListReviewsArgs, 'ProductReviews'),
      extensions: pageCost(10),
      resolve: (product, args, context) =>
        context.call('catalog', { path: `/api/v1/products/${segment(product.id)}/reviews`, query: args }),
    }),
    recommendations: field<ProductJson, { limit: number }>({
      type: types().Recommendations,
      description: 'Products to show next to this one (one search call per product)',
      args: { limit: { type: GraphQLInt, defaultValue: RecommendationArgs.properties.limit.default } },
      extensions: pageCost(10),
      resolve: (product, args, context) =>
        context.call('search', {
          path: '/api/v1/recommendations',
          query: { product_id: product.id, limit: args.limit },
        }),
    }),
  }));
  mapper.extend('Order', () => ({
    payment: field<{ payment_id: string | null }>({
      type: types().Payment,
      description: "The order's payment, when it has one (one payments call per order)",
      extensions: { cost: { weight: 10 } },
      resolve: (order, _args, context) =>
        order.payment_id === null
          ? null
          : context.call('payments', { path: `/api/v1/payments/${segment(order.payment_id)}` }),
    }),
  }));

  const built: Types = {
    mapper,
    Product: mapper.objectType(Product, 'Product'),
    ProductPage: mapper.objectType(Page(Product), 'ProductPage'),
    Category: mapper.objectType(Category, 'Category'),
    Review: mapper.objectType(Review, 'Review'),
    ReviewPage: mapper.objectType(Page(Review), 'ReviewPage'),
    SearchResults: mapper.objectType(SearchResults, 'SearchResults'),
    Recommendations: mapper.objectType(Recommendations, 'Recommendations'),
    User: mapper.objectType(User, 'User'),
    UserPage: mapper.objectType(Page(User), 'UserPage'),
    Session: mapper.objectType(Session, 'Session'),
    Cart: mapper.objectType(Cart, 'Cart'),
    Quote: mapper.objectType(Quote, 'Quote'),
    Order: mapper.objectType(Order, 'Order'),
    OrderPage: mapper.objectType(Page(Order), 'OrderPage'),
    Payment: mapper.objectType(Payment, 'Payment'),
    PaymentPage: mapper.objectType(Page(Payment), 'PaymentPage'),
    SalesReport: mapper.objectType(SalesReport, 'SalesReport'),
    TopProducts: mapper.objectType(TopProducts, 'TopProducts'),
    Funnel: mapper.objectType(Funnel, 'Funnel'),
    CustomersReport: mapper.objectType(CustomersReport, 'CustomersReport'),
  };
  registry.built = built;
  return built;
}
