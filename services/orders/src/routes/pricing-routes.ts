import { requireRole } from '@bodega/auth';
import { Page, Promotion, Quote } from '@bodega/contracts';
import type { ServiceApp } from '@bodega/kit';
import { Type } from '@sinclair/typebox';
import type { OrdersDeps } from '../deps.js';
import { createPromotion, listPromotions, updatePromotion } from '../promotions/manage-promotions.js';
import { normalizeCode, PromotionInput, PromotionPatch } from '../promotions/promotion.js';
import { quote, QuoteInput } from '../quotes/quote.js';
import { API, Cursor, errorResponses, Limit } from './schemas.js';

const PromotionPage = Type.Object(Page(Promotion).properties, { additionalProperties: false });
const ListQuery = Type.Object({ limit: Limit, cursor: Cursor }, { additionalProperties: false });
const CodeParams = Type.Object(
  { code: Type.String({ pattern: '^[A-Za-z0-9_-]{3,32}$' }) },
  { additionalProperties: false },
);

/** The price calculator for anyone, and the promotion codes for managers and admins. */
export function registerPricingRoutes(app: ServiceApp, deps: OrdersDeps): void {
  app.post(
    `${API}/pricing/quote`,
    {
      schema: {
        summary: 'Price lines with an optional promotion code and destination country',
        body: QuoteInput,
        response: { 200: Quote, ...errorResponses(400, 401, 415, 422, 503) },
      },
    },
    async (request) => quote(deps, request.principal, request.body),
  );

  app.get(
    `${API}/promotions`,
    {
      schema: {
        summary: 'Promotion codes (manager, admin)',
        querystring: ListQuery,
        response: { 200: PromotionPage, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      requireRole(request.principal, 'manager', 'admin');
      return listPromotions(deps, request.query);
    },
  );

  app.post(
    `${API}/promotions`,
    {
      schema: {
        summary: 'Create a promotion code (manager, admin)',
        body: PromotionInput,
        response: { 201: Promotion, ...errorResponses(400, 401, 403, 409, 415, 422) },
      },
    },
    async (request, reply) => {
      requireRole(request.principal, 'manager', 'admin');
      return reply.status(201).send(await createPromotion(deps, request.body));
    },
  );

  app.patch(
    `${API}/promotions/:code`,
    {
      schema: {
        summary: 'Change a promotion code (manager, admin)',
        params: CodeParams,
        body: PromotionPatch,
        response: { 200: Promotion, ...errorResponses(400, 401, 403, 404, 415, 422) },
      },
    },
    async (request) => {
      requireRole(request.principal, 'manager', 'admin');
      return updatePromotion(deps, normalizeCode(request.params.code), request.body);
    },
  );
}
