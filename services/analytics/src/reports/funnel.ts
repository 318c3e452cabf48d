import { sql } from 'drizzle-orm';
import type { Funnel, FunnelQuery, FunnelStep, FunnelStepName } from '@bodega/contracts';
import type { AnalyticsDeps } from '../deps.js';
import { checkedRange, rfc3339 } from './range.js';
import { num, rowsOf } from './rows.js';

/** An order placed this long after a session's first begin_checkout still converts that session. */
export const PAID_WITHIN_HOURS = 24;

const STEPS: FunnelStepName[] = ['view', 'add_to_cart', 'begin_checkout', 'paid'];

/** A ratio to four decimals, or null when there was nobody to convert. */
export function rate(count: number, of: number): number | null {
  return of === 0 ? null : Math.round((count / of) * 10_000) / 10_000;
}

/** The steps with their conversion from the previous one, in funnel order. */
export function funnelSteps(
  counts: Record<FunnelStepName, number>,
): Pick<Funnel, 'steps' | 'overall_conversion'> {
  const steps: FunnelStep[] = STEPS.map((step, index) => {
    const previous = STEPS[index - 1];
    return {
      step,
      count: counts[step],
      conversion_from_previous: previous === undefined ? null : rate(counts[step], counts[previous]),
    };
  });
  return { steps, overall_conversion: rate(counts.paid, counts.view) };
}

interface FunnelRow {
  view: string | number;
  add_to_cart: string | number;
  begin_checkout: string | number;
  paid: string | number;
}

/**
 * `GET /analytics/funnel`: the sessions that started in the range, counted at each step they reached
 * with every earlier one (README, "Funnel"), in one pass over the session table.
 */
export async function funnel(deps: AnalyticsDeps, query: FunnelQuery): Promise<Funnel> {
  const { fromMs, toMs } = checkedRange(query);
  const viewed = sql`s.viewed_at is not null`;
  const carted = sql`${viewed} and s.carted_at is not null`;
  const checkedOut = sql`${carted} and s.checkout_at is not null`;
  const [row] = await rowsOf<FunnelRow>(
    deps.db,
    sql`select count(*) filter (where ${viewed}) as view,
          count(*) filter (where ${carted}) as add_to_cart,
          count(*) filter (where ${checkedOut}) as begin_checkout,
          count(distinct s.user_id) filter (where ${checkedOut} and exists (
            select 1 from analytics.orders o
            where o.customer_id = s.user_id and o.placed_at >= s.checkout_at
              and o.placed_at < s.checkout_at + make_interval(hours => ${PAID_WITHIN_HOURS}))) as paid
        from analytics.sessions s
        where s.started_at >= ${new Date(fromMs)} and s.started_at < ${new Date(toMs)}`,
  );
  const counts = {
    view: num(row?.view ?? 0),
    add_to_cart: num(row?.add_to_cart ?? 0),
    begin_checkout: num(row?.begin_checkout ?? 0),
    paid: num(row?.paid ?? 0),
  };
  return { from: rfc3339(fromMs), to: rfc3339(toMs), ...funnelSteps(counts) };
}
