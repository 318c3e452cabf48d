import { useState } from 'react';
import {
  Area,
  Bar,
  CartesianGrid,
  ComposedChart,
  Legend,
  Line,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartCard } from '../../ui/chart-card';
import { formatMoney } from '../../ui/money';
import { Table, TableBody, TableHead, Td, Th } from '../../ui/table';
import { compactMoney, count, fullMoney, majorUnits, palette } from './format';
import { bucketLabel, type Interval, type Range } from './range';
import { useSales } from './reports';

type Metric = 'revenue' | 'orders' | 'aov';
const metrics: { value: Metric; label: string }[] = [
  { value: 'revenue', label: 'Revenue' },
  { value: 'orders', label: 'Orders' },
  { value: 'aov', label: 'Average order' },
];

/**
 * Sales over time: the range's totals, and one chart of revenue (gross, and net of refunds), orders
 * or the average order value per bucket.
 */
export function SalesCard({ range, interval, tz }: { range: Range; interval: Interval; tz: string }) {
  const sales = useSales(range, interval, tz);
  const [metric, setMetric] = useState<Metric>('revenue');
  const report = sales.data;
  const currency = report?.currency ?? 'USD';
  const points = (report?.points ?? []).map((point) => ({
    label: bucketLabel(point.start, report?.interval ?? interval, report?.tz ?? tz),
    revenue: majorUnits(point.revenue.amount, currency),
    net: majorUnits(point.net.amount, currency),
    refunds: majorUnits(point.refunds.amount, currency),
    orders: point.orders,
    aov: majorUnits(point.average_order_value.amount, currency),
    source: point,
  }));
  const totals = report?.totals;
  const empty = totals !== undefined && totals.orders === 0 && totals.refunds.amount === 0;
  const state = sales.isError ? 'error' : !report ? 'loading' : empty ? 'empty' : 'ready';
  const money = (value: number) => compactMoney(value, currency);

  return (
    <section aria-labelledby="sales-kpis" className="flex flex-col gap-4">
      <h2 id="sales-kpis" className="sr-only">
        Sales totals
      </h2>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5" data-testid="sales-totals">
        {[
          ['Revenue', totals && formatMoney(totals.revenue)],
          ['Refunds', totals && formatMoney(totals.refunds)],
          ['Net', totals && formatMoney(totals.net)],
          ['Orders', totals && count(totals.orders)],
          ['Average order', totals && formatMoney(totals.average_order_value)],
        ].map(([label, value]) => (
          <div key={label} className="rounded-xl border border-slate-200 bg-white p-4">
            <dt className="text-xs font-semibold tracking-wide text-slate-600 uppercase">{label}</dt>
            <dd className="mt-1 h-8 text-2xl font-bold tracking-tight">
              {value ?? (
                <span
                  className="inline-block h-7 w-24 animate-pulse rounded bg-slate-200"
                  aria-label="Loading"
                />
              )}
            </dd>
          </div>
        ))}
      </dl>
      <ChartCard
        title="Sales over time"
        testId="sales-chart"
        state={state}
        error={sales.error}
        retry={() => void sales.refetch()}
        emptyText="No sales in this range yet."
        actions={
          <div
            role="group"
            aria-label="Figure shown"
            className="flex rounded-lg border border-slate-300 p-0.5"
          >
            {metrics.map((each) => (
              <button
                key={each.value}
                type="button"
                aria-pressed={metric === each.value}
                onClick={() => setMetric(each.value)}
                className="rounded-md px-3 py-1 text-sm font-medium text-slate-700 aria-pressed:bg-slate-900 aria-pressed:text-white focus-visible:outline-2 focus-visible:outline-indigo-600"
              >
                {each.label}
              </button>
            ))}
          </div>
        }
        {...(totals
          ? {
              summary: `${formatMoney(totals.revenue)} from ${count(totals.orders)} order${totals.orders === 1 ? '' : 's'} in ${points.length} ${interval}${points.length === 1 ? '' : 's'}; ${formatMoney(totals.refunds)} refunded, ${formatMoney(totals.net)} net.`,
            }
          : {})}
        table={
          <Table label="Sales by period">
            <TableHead>
              <tr>
                <Th>Period</Th>
                <Th className="text-right">Revenue</Th>
                <Th className="text-right">Refunds</Th>
                <Th className="text-right">Net</Th>
                <Th className="text-right">Orders</Th>
                <Th className="text-right">Average order</Th>
              </tr>
            </TableHead>
            <TableBody>
              {points.map(({ label, source }) => (
                <tr key={source.start}>
                  <Td>{label}</Td>
                  <Td className="text-right">{formatMoney(source.revenue)}</Td>
                  <Td className="text-right">{formatMoney(source.refunds)}</Td>
                  <Td className="text-right">{formatMoney(source.net)}</Td>
                  <Td className="text-right">{count(source.orders)}</Td>
                  <Td className="text-right">{formatMoney(source.average_order_value)}</Td>
                </tr>
              ))}
            </TableBody>
          </Table>
        }
      >
        <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 288 }}>
          <ComposedChart
            accessibilityLayer={false}
            data={points}
            margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
          >
            <CartesianGrid stroke="#e2e8f0" vertical={false} />
            <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#475569' }} minTickGap={24} />
            {metric === 'orders' ? (
              <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#475569' }} width={48} />
            ) : (
              <YAxis tickFormatter={money} tick={{ fontSize: 12, fill: '#475569' }} width={64} />
            )}
            <Tooltip
              formatter={(value) =>
                metric === 'orders' ? count(Number(value)) : fullMoney(Number(value), currency)
              }
            />
            <Legend />
            {metric === 'revenue' && (
              <>
                <Area
                  type="monotone"
                  dataKey="revenue"
                  name="Revenue"
                  stroke={palette.primary}
                  fill={palette.primary}
                  fillOpacity={0.15}
                  isAnimationActive={false}
                />
                <Line
                  type="monotone"
                  dataKey="net"
                  name="Net of refunds"
                  stroke={palette.secondary}
                  dot={false}
                  strokeWidth={2}
                  isAnimationActive={false}
                />
              </>
            )}
            {metric === 'orders' && (
              <Bar dataKey="orders" name="Orders" fill={palette.primary} isAnimationActive={false} />
            )}
            {metric === 'aov' && (
              <Line
                type="monotone"
                dataKey="aov"
                name="Average order"
                stroke={palette.tertiary}
                strokeWidth={2}
                dot={false}
                isAnimationActive={false}
              />
            )}
          </ComposedChart>
        </ResponsiveContainer>
      </ChartCard>
    </section>
  );
}
