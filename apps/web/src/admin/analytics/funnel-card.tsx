import {
  Bar,
  BarChart,
  CartesianGrid,
  LabelList,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { ChartCard } from '../../ui/chart-card';
import { Table, TableBody, TableHead, Td, Th } from '../../ui/table';
import { count, palette, percent } from './format';
import type { Range } from './range';
import { useFunnel } from './reports';

const stepLabels = {
  view: 'Viewed a product',
  add_to_cart: 'Added to cart',
  begin_checkout: 'Began checkout',
  paid: 'Paid',
} as const;

/** Sessions from product view to payment, with the share that made each step. */
export function FunnelCard({ range }: { range: Range }) {
  const funnel = useFunnel(range);
  const steps = (funnel.data?.steps ?? []).map((step) => ({
    ...step,
    label: stepLabels[step.step],
    rate: step.conversion_from_previous === null ? '' : percent(step.conversion_from_previous),
  }));
  const state = funnel.isError
    ? 'error'
    : !funnel.data
      ? 'loading'
      : steps.every((step) => step.count === 0)
        ? 'empty'
        : 'ready';

  return (
    <ChartCard
      title="Conversion funnel"
      testId="funnel-chart"
      state={state}
      error={funnel.error}
      retry={() => void funnel.refetch()}
      emptyText="No shopping sessions in this range yet."
      {...(funnel.data
        ? {
            summary: `${steps.map((step) => `${step.label}: ${count(step.count)}${step.rate ? ` (${step.rate} of the step before)` : ''}`).join('; ')}. Overall conversion: ${percent(funnel.data.overall_conversion)}.`,
          }
        : {})}
      table={
        <Table label="Funnel steps">
          <TableHead>
            <tr>
              <Th>Step</Th>
              <Th className="text-right">Sessions</Th>
              <Th className="text-right">From the step before</Th>
            </tr>
          </TableHead>
          <TableBody>
            {steps.map((step) => (
              <tr key={step.step}>
                <Td>{step.label}</Td>
                <Td className="text-right">{count(step.count)}</Td>
                <Td className="text-right">{step.rate || '—'}</Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      }
    >
      <ResponsiveContainer width="100%" height="100%" initialDimension={{ width: 500, height: 288 }}>
        <BarChart accessibilityLayer={false} data={steps} margin={{ top: 24, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid stroke="#e2e8f0" vertical={false} />
          <XAxis dataKey="label" tick={{ fontSize: 12, fill: '#475569' }} interval={0} />
          <YAxis allowDecimals={false} tick={{ fontSize: 12, fill: '#475569' }} width={48} />
          <Tooltip formatter={(value) => count(Number(value))} />
          <Bar dataKey="count" name="Sessions" fill={palette.primary} isAnimationActive={false}>
            <LabelList dataKey="rate" position="top" fontSize={12} fill="#334155" />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </ChartCard>
  );
}
