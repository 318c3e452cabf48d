/**
 * Synthetic analytics history, for benchmarks: `seedAnalytics(db, { events: 1_000_000, from, to })`
 * writes that many tracked events (in sessions of 8), the sessions, the orders their checkouts led
 * to, and the hourly rollups those imply, all generated inside the database (INSERT ... SELECT), in
 * one transaction. The rollups are what the consumer would have built from the same facts (each
 * product view counted as the page read catalog reports), so reports over seeded data are exact.
 */
import { sql, type SQL } from 'drizzle-orm';
import { newId, type Db } from '@bodega/db';
import { rowsOf } from '../reports/rows.js';

export interface SeedOptions {
  /** Tracked events to write. */
  events: number;
  /** Events and orders fall in `[from, to)`, which must span at least 10 minutes. */
  from: Date;
  to: Date;
  /** Distinct products viewed and bought (default 500). */
  products?: number;
  /** PostgreSQL `setseed` value in [-1, 1]: the same seed gives the same shapes (default 0.42). */
  seed?: number;
}

export interface SeedResult {
  events: number;
  sessions: number;
  orders: number;
}

const EVENTS_PER_SESSION = 8;
const MIN_SPAN_MS = 10 * 60_000;

/** `md5(x)` shaped as a UUID of version 7 (random, not time-ordered): stable ids from an index. */
const hashUuid = (text: SQL) =>
  sql`(substr(md5(${text}), 1, 12) || '7' || substr(md5(${text}), 14, 3) || '8' || substr(md5(${text}), 18, 15))::uuid`;

/** Writes synthetic history; resolves to what it wrote. Adds to what the tables hold. */
export async function seedAnalytics(db: Db, options: SeedOptions): Promise<SeedResult> {
  const { events } = options;
  if (!Number.isInteger(events) || events < 1) throw new RangeError('events must be a positive integer');
  if (options.to.getTime() - options.from.getTime() < MIN_SPAN_MS)
    throw new RangeError('the range must span at least 10 minutes');
  const productCount = options.products ?? 500;
  if (!Number.isInteger(productCount) || productCount < 1)
    throw new RangeError('products must be a positive integer');
  const seed = options.seed ?? 0.42;
  if (!(seed >= -1 && seed <= 1)) throw new RangeError('seed must be within [-1, 1]');
  const sessionCount = Math.ceil(events / EVENTS_PER_SESSION);
  // PostgreSQL takes no bind parameters in CREATE TABLE AS: the (checked) numbers are written in.
  const n = (value: number) => sql.raw(String(value));
  const products = n(productCount);
  const sessions = n(sessionCount);
  const customers = n(Math.max(1, Math.floor(sessionCount / 4)));
  const perSession = n(EVENTS_PER_SESSION);
  // Distinguishes this run's sessions and ids from any earlier run's (hex digits only).
  const tag = sql.raw(`'${newId().slice(-12)}'`);
  const from = sql.raw(`'${options.from.toISOString()}'::timestamptz`);
  // Sessions start early enough for all their events (a minute apart) and orders to fit the range.
  const span = sql.raw(
    `interval '${Math.floor((options.to.getTime() - options.from.getTime() - MIN_SPAN_MS) / 1000)} seconds'`,
  );
  const hourOf = (column: string) =>
    sql.raw(`to_timestamp(floor(extract(epoch from ${column}) / 3600) * 3600)`);

  const result = await db.transaction(async (tx) => {
    await tx.execute(sql`select setseed(${seed})`);
    await tx.execute(sql`create temp table seed_products on commit drop as
      select p, ${hashUuid(sql`'product-' || p`)} as product_id, 500 + floor(random() * 9500)::int as price
      from generate_series(0, ${products} - 1) p`);
    await tx.execute(sql`create temp table seed_customers on commit drop as
      select c, ${hashUuid(sql`'customer-' || ${tag} || c`)} as customer_id
      from generate_series(0, ${customers} - 1) c`);
    await tx.execute(sql`create temp table seed_sessions on commit drop as
      select s, 'seed-' || ${tag} || '-' || s as session_id,
        ${from} + random() * ${span} as started_at,
        case when random() < 0.5 then floor(random() * ${customers})::int end as customer
      from generate_series(0, ${sessions} - 1) s`);
    await tx.execute(sql`create temp table seed_events on commit drop as
      select e.i, ss.session_id, c.customer_id as user_id,
        ss.started_at + (e.i % ${perSession}) * interval '1 minute' as at,
        case when e.r < 0.35 then 'page_view' when e.r < 0.70 then 'product_view'
             when e.r < 0.80 then 'search' when e.r < 0.90 then 'add_to_cart'
             when e.r < 0.93 then 'remove_from_cart' else 'begin_checkout' end as type,
        floor(random() * ${products})::int as product
      from (select i, i / ${perSession} as s, random() as r from generate_series(0, ${n(events)} - 1) i) e
      join seed_sessions ss on ss.s = e.s
      left join seed_customers c on c.c = ss.customer`);

    // Ids are UUIDv7 proper: the event's millisecond, then random bits.
    await tx.execute(sql`insert into analytics.tracked_events
        (id, session_id, user_id, type, product_id, occurred_at, received_at)
      select (lpad(to_hex(floor(extract(epoch from e.at) * 1000)::bigint), 12, '0') || '7' ||
                substr(md5(${tag} || e.i), 1, 3) || '8' || substr(md5(${tag} || e.i), 4, 15))::uuid,
        e.session_id, e.user_id, e.type,
        case when e.type in ('product_view', 'add_to_cart', 'remove_from_cart') then p.product_id end,
        e.at, e.at
      from seed_events e join seed_products p on p.p = e.product`);
    await tx.execute(sql`insert into analytics.sessions
        (session_id, user_id, started_at, viewed_at, carted_at, checkout_at)
      select session_id, user_id, min(at), min(at) filter (where type = 'product_view'),
        min(at) filter (where type = 'add_to_cart'), min(at) filter (where type = 'begin_checkout')
      from seed_events group by session_id, user_id`);

    // A signed-in session that began checkout pays two minutes later for 1-3 units of its first product.
    await tx.execute(sql`create temp table seed_orders on commit drop as
      select ${hashUuid(sql`'order-' || x.session_id`)} as order_id, x.user_id as customer_id,
        x.checkout_at + interval '2 minutes' as placed_at, p.product_id, p.price,
        1 + floor(random() * 3)::int as quantity
      from (select session_id, user_id, min(at) filter (where type = 'begin_checkout') as checkout_at,
              (array_agg(product order by at, i))[1] as product
            from seed_events where user_id is not null group by session_id, user_id) x
      join seed_products p on p.p = x.product
      where x.checkout_at is not null`);
    await tx.execute(sql`insert into analytics.orders (order_id, customer_id, placed_at, total, lines)
      select order_id, customer_id, placed_at, quantity * price,
        jsonb_build_array(jsonb_build_object('product_id', product_id, 'quantity', quantity, 'unit_amount', price))
      from seed_orders`);
    await tx.execute(sql`insert into analytics.customers (customer_id, registered_at)
      select user_id, min(at) from seed_events where user_id is not null group by user_id
      on conflict do nothing`);

    await tx.execute(sql`insert into analytics.sales_hourly as h (hour, revenue, refunds, orders)
      select ${hourOf('placed_at')}, sum(quantity * price), 0, count(*) from seed_orders group by 1
      on conflict (hour) do update set revenue = h.revenue + excluded.revenue, orders = h.orders + excluded.orders`);
    await tx.execute(sql`insert into analytics.product_hourly as h (hour, product_id, revenue, units, views)
      select hour, product_id, sum(revenue), sum(units), sum(views) from (
        select ${hourOf('e.at')} as hour, p.product_id, 0 as revenue, 0 as units, 1 as views
        from seed_events e join seed_products p on p.p = e.product where e.type = 'product_view'
        union all
        select ${hourOf('placed_at')}, product_id, quantity * price, quantity, 0 from seed_orders
      ) facts group by hour, product_id
      on conflict (hour, product_id) do update set revenue = h.revenue + excluded.revenue,
        units = h.units + excluded.units, views = h.views + excluded.views`);

    const [row] = await rowsOf<{ sessions: number; orders: number }>(
      tx,
      sql`select (select count(distinct session_id) from seed_events)::int as sessions,
            (select count(*) from seed_orders)::int as orders`,
    );
    return { events, sessions: row?.sessions ?? 0, orders: row?.orders ?? 0 };
  });
  // Fresh statistics, so the planner reads the new volume with the indexes it should.
  await db.execute(
    sql`analyze analytics.tracked_events, analytics.sessions, analytics.orders, analytics.sales_hourly, analytics.product_hourly`,
  );
  return result;
}
