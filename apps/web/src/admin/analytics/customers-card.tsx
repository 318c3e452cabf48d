import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ChartCard } from '../../ui/chart-card';
import { Table, TableBody, TableHead, Td, Th } from '../../ui/table';
import { count, palette } from './format';
import { bucketLabel, type Interval, type Range } from './range';
import { useCustomers } from './reports';

/** Customers who ordered for the first time, and those who came back, per bucket. */
export function CustomersCard({ range, interval, tz }: { range: Range; interval: Interval; tz: string }) {
  const customers = useCustomers(range, interval, tz);
  const report = customers.data;
  const points = (report?.points ?? []).map((point) => ({
    ...point,
    label: bucketLabel(point.start, report?.interval ?? interval, report?.tz ?? tz),
  }));
  const totals = report?.totals;
  const empty = totals !== undefined && totals.new_customers + totals.returning_customers === 0;
  const state = customers.isError ? 'error' : !report ? 'loading' : empty ? 'empty' : 'ready';

  return (
    <ChartCard
      title="New and returning customers"
      testId="customers-chart"
      state={state}
      error={customers.error}
      retry={() => void customers.refetch()}
      emptyText="No customers ordered in this range yet."
      {...(totals
        ? {
            summary: `${count(totals.new_customers)} new and ${count(totals.returning_customers)} returning customers.`,
          }
        : {})}
      table={
        <Table label="Customers by period">
          <TableHead>
            <tr>
              <Th>Period</Th>
              <Th className="text-right">New</Th>
              <Th className="text-right">Returning</Th>
            </tr>
          </TableHead>
          <TableBody>
            {points.map((point) => (
              <tr key={point.start}>
                <Td>{point.label}</Td>
                <Td className="text-right">{count(point.new_customers)}</Td>
                <Td className="text-right">{count(point.returning_customers)}</Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      }
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 500, height: 288 }}>
        <BarChart accessibilityLayer={false} data={points} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#475569' }} minTickGap={24} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#475569' }} width={40} />
          <Tooltip formatter={(value) => count(Number(value))} />
          <Legend />
          <Bar
            dataKey="new_customers"
            name="New"
            stackId="customers"
            fill={palette.primary}
            isAnimationActive={false}
          />
          <Bar
            dataKey="returning_customers"
            name="Returning"
            stackId="customers"
            fill={palette.secondary}
            isAnimationActive={false}
          />
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
