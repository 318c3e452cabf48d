import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from '../../ui/chart-card';
import { NativeSelect } from '../../ui/input';
import { formatMoney } from '../../ui/money';
import { Table, TableBody, TableHead, Td, Th } from '../../ui/table';
import { compactMoney, count, fullMoney, majorUnits, palette } from './format';
import type { Range } from './range';
import { useProductNames, useTopProducts, type TopBy } from './reports';

const byLabels: Record<TopBy, string> = { revenue: 'Revenue', units: 'Units sold', views: 'Views' };

/** The ten best products of the range by revenue, units or views: bars, and the table with every figure. */
export function TopProductsCard({ range }: { range: Range }) {
  const [by, setBy] = useState<TopBy>('revenue');
  const top = useTopProducts(range, by);
  const items = top.data?.items ?? [];
  const names = useProductNames(items.map((item) => item.product_id));
  const currency = items[0]?.revenue.currency ?? 'USD';
  const rows = items.map((item) => ({
    name: names.get(item.product_id) ?? item.product_id,
    value:
      by === 'revenue' ? majorUnits(item.revenue.amount, currency) : by === 'units' ? item.units : item.views,
    item,
  }));
  const state = top.isError ? 'error' : !top.data ? 'loading' : items.length === 0 ? 'empty' : 'ready';
  const show = (value: number) => (by === 'revenue' ? fullMoney(value, currency) : count(value));
  const best = rows[0];

  return (
    <ChartCard
      title="Top products"
      testId="top-products-chart"
      state={state}
      error={top.error}
      retry={() => void top.refetch()}
      height="h-80"
      emptyText={by === 'views' ? 'No product views in this range yet.' : 'No sales in this range yet.'}
      actions={
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          Rank by
          <NativeSelect
            className="h-9 w-36"
            value={by}
            onChange={(event) => setBy(event.target.value as TopBy)}
          >
            {Object.entries(byLabels).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </NativeSelect>
        </label>
      }
      {...(best
        ? {
            summary: `${rows.length} product${rows.length === 1 ? '' : 's'} ranked by ${byLabels[by].toLowerCase()}; first: ${best.name} with ${show(best.value)}.`,
          }
        : {})}
      table={
        <Table label="Top products">
          <TableHead>
            <tr>
              <Th>#</Th>
              <Th>Product</Th>
              <Th className="text-right">Revenue</Th>
              <Th className="text-right">Units</Th>
              <Th className="text-right">Views</Th>
            </tr>
          </TableHead>
          <TableBody>
            {rows.map(({ name, item }, index) => (
              <tr key={item.product_id}>
                <Td>{index + 1}</Td>
                <Td>{name}</Td>
                <Td className="text-right">{formatMoney(item.revenue)}</Td>
                <Td className="text-right">{count(item.units)}</Td>
                <Td className="text-right">{count(item.views)}</Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      }
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 600, height: 320 }}>
        <BarChart
          accessibilityLayer={false}
          data={rows}
          layout="vertical"
          margin={{ top: 0, right: 16, bottom: 0, left: 0 }}
        >
          <CartesianGrid stroke="#e2e8f0" horizontal={false} />
          <XAxis
            type="number"
            tick={{ fontSize: 12, fill: '#475569' }}
            {...(by === 'revenue'
              ? { tickFormatter: (value: number) => compactMoney(value, currency) }
              : { allowDecimals: false })}
          />
          <YAxis type="category" dataKey="name" width={140} tick={{ fontSize: 12, fill: '#334155' }} />
          <Tooltip formatter={(value) => show(Number(value))} />
          <Bar dataKey="value" name={byLabels[by]} fill={palette.primary} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
