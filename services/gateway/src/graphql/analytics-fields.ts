import type { Static } from '@sinclair/typebox';
import { AnalyticsSeriesQuery, FunnelQuery, TopProductsQuery } from '@bodega/contracts';
import { GraphQLObjectType } from './graphql-js.js';
import type { GraphqlContext } from './context.js';
import { field, restricted, type FieldMap } from './fields.js';
import type { Types } from './types.js';

/**
 * The reports (analytics), grouped under one field that only managers and admins may read: a customer
 * asking gets FORBIDDEN at `analytics` before any report is computed.
 */
export function analyticsQueries({ mapper, ...types }: Types): FieldMap {
  const report = (path: string) => (_source: unknown, args: object, context: GraphqlContext) =>
    context.call('analytics', { path: `/api/v1/analytics/${path}`, query: args as Record<string, string> });
  const Analytics = new GraphQLObjectType<unknown, GraphqlContext>({
    name: 'Analytics',
    description: 'How the shop is doing, from tracked events (see services/analytics/README.md)',
    fields: {
      sales: field<unknown, Static<typeof AnalyticsSeriesQuery>>({
        type: types.SalesReport,
        description: 'Revenue, refunds, net, orders and average order value per bucket',
        args: mapper.args(AnalyticsSeriesQuery, 'Sales'),
        resolve: report('sales'),
      }),
      top_products: field<unknown, Static<typeof TopProductsQuery>>({
        type: types.TopProducts,
        description: 'Products ranked by revenue, units or views',
        args: mapper.args(TopProductsQuery, 'TopProducts'),
        resolve: report('top-products'),
      }),
      funnel: field<unknown, Static<typeof FunnelQuery>>({
        type: types.Funnel,
        description: 'Sessions from product view to add to cart, checkout and payment',
        args: mapper.args(FunnelQuery, 'Funnel'),
        resolve: report('funnel'),
      }),
      customers: field<unknown, Static<typeof AnalyticsSeriesQuery>>({
        type: types.CustomersReport,
        description: 'New and returning customers per bucket',
        args: mapper.args(AnalyticsSeriesQuery, 'Customers'),
        resolve: report('customers'),
      }),
    },
  });
  return {
    analytics: restricted(
      ['manager', 'admin'],
      field({
        type: Analytics,
        description: 'Sales, top products, funnel and customers',
        // A namespace: only the reports under it call analytics.
        extensions: { cost: { upstream: 'none' } },
        resolve: () => ({}),
      }),
    ),
  };
}
