import type { FastifyRequest } from 'fastify';
import { requireRole } from '@bodega/auth';
import {
  AnalyticsSeriesQuery,
  CustomersReport,
  Funnel,
  FunnelQuery,
  SalesReport,
  TopProducts,
  TopProductsQuery,
} from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import type { AnalyticsDeps } from '../deps.js';
import { customersReport } from '../reports/customers.js';
import { funnel } from '../reports/funnel.js';
import { salesReport } from '../reports/sales.js';
import { topProducts } from '../reports/top-products.js';
import { API, errorResponses } from './schemas.js';

/** Runs before the query is validated: a caller who may not read reports learns nothing of them. */
const staffOnly = {
  preValidation: async (request: FastifyRequest) => {
    requireRole(request.principal, 'manager', 'admin');
  },
};

const seriesErrors = errorResponses(400, 401, 403, 422);

/** The reports, for managers and admins. */
export function registerReportRoutes(app: ServiceApp, deps: AnalyticsDeps): void {
  app.get(
    `${API}/analytics/sales`,
    {
      ...staffOnly,
      schema: {
        summary: 'Sales by interval: revenue, refunds, net, orders, average order value (manager, admin)',
        querystring: AnalyticsSeriesQuery,
        response: { 200: SalesReport, ...seriesErrors },
      },
    },
    async (request) => salesReport(deps, request.query),
  );

  app.get(
    `${API}/analytics/top-products`,
    {
      ...staffOnly,
      schema: {
        summary: 'Products ranked by revenue, units or views (manager, admin)',
        querystring: TopProductsQuery,
        response: { 200: TopProducts, ...seriesErrors },
      },
    },
    async (request) => topProducts(deps, request.query),
  );

  app.get(
    `${API}/analytics/funnel`,
    {
      ...staffOnly,
      schema: {
        summary: 'Sessions from product view to add to cart, checkout and payment (manager, admin)',
        querystring: FunnelQuery,
        response: { 200: Funnel, ...seriesErrors },
      },
    },
    async (request) => funnel(deps, request.query),
  );

  app.get(
    `${API}/analytics/customers`,
    {
      ...staffOnly,
      schema: {
        summary: 'New and returning customers by interval (manager, admin)',
        querystring: AnalyticsSeriesQuery,
        response: { 200: CustomersReport, ...seriesErrors },
      },
    },
    async (request) => customersReport(deps, request.query),
  );
}
