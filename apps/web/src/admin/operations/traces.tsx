import { useState } from 'react';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { Input, NativeSelect } from '../../ui/input';
import { Skeleton } from '../../ui/skeleton';
import { EmptyState, ErrorState } from '../../ui/states';
import { Table, TableBody, TableHead, Td, Th } from '../../ui/table';
import { useTraces, useTrace } from './ops-api';
import { serviceColour, waterfall } from './waterfall';

const services = ['gateway', 'identity', 'catalog', 'search', 'orders', 'payments', 'analytics'] as const;
const clock = new Intl.DateTimeFormat('en-US', { timeStyle: 'medium' });
const ms = (value: number) =>
  `${new Intl.NumberFormat('en-US', { maximumFractionDigits: value < 10 ? 1 : 0 }).format(value)} ms`;

/** Recent traces merged from every service, filtered by service and duration; one opens as a waterfall. */
export function Traces() {
  const [service, setService] = useState<(typeof services)[number] | ''>('');
  const [slowerThan, setSlowerThan] = useState('');
  const [open, setOpen] = useState<string>();
  const minimum = /^\d+(\.\d+)?$/.test(slowerThan.trim()) ? Number(slowerThan) : undefined;
  const traces = useTraces({
    limit: 30,
    ...(service ? { service } : {}),
    ...(minimum !== undefined ? { min_duration_ms: minimum } : {}),
  });
  const items = traces.data?.items;
  return (
    <section aria-labelledby="traces-heading">
      <h2 id="traces-heading" className="mb-3 text-lg font-semibold">
        Recent traces
      </h2>
      <div className="mb-3 flex flex-wrap gap-3">
        <Field label="Through service" className="w-44">
          <NativeSelect
            value={service}
            onChange={(event) => setService(event.target.value as typeof service)}
          >
            <option value="">Any</option>
            {services.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field
          label="Slower than (ms)"
          className="w-44"
          error={slowerThan.trim() !== '' && minimum === undefined ? 'A number of milliseconds' : undefined}
        >
          <Input
            inputMode="decimal"
            value={slowerThan}
            onChange={(event) => setSlowerThan(event.target.value)}
            placeholder="e.g. 100"
          />
        </Field>
      </div>
      {traces.isError && !items ? (
        <ErrorState error={traces.error} retry={() => void traces.refetch()} />
      ) : !items ? (
        <Skeleton className="h-64 w-full" />
      ) : items.length === 0 ? (
        <EmptyState title="No traces match">Traces appear as requests go through the platform.</EmptyState>
      ) : (
        <Table label="Recent traces">
          <TableHead>
            <tr>
              <Th>Started</Th>
              <Th>Root</Th>
              <Th>Services</Th>
              <Th className="text-right">Spans</Th>
              <Th className="text-right">Duration</Th>
              <Th>
                <span className="sr-only">Open</span>
              </Th>
            </tr>
          </TableHead>
          <TableBody>
            {items.map((trace) => (
              <tr
                key={trace.trace_id}
                data-testid="trace"
                className={open === trace.trace_id ? 'bg-indigo-50' : undefined}
              >
                <Td className="whitespace-nowrap">{clock.format(new Date(trace.started_at))}</Td>
                <Td>
                  <span className="font-medium">{trace.root.name}</span>
                  <span className="block text-xs text-slate-600">{trace.root.service}</span>
                </Td>
                <Td className="text-xs text-slate-700">{trace.services.join(', ')}</Td>
                <Td className="text-right tabular-nums">{trace.span_count}</Td>
                <Td className="text-right whitespace-nowrap tabular-nums">
                  {trace.error && (
                    <Badge tone="danger" className="mr-2">
                      error
                    </Badge>
                  )}
                  {ms(trace.duration_ms)}
                </Td>
                <Td className="text-right">
                  <Button
                    size="sm"
                    variant="ghost"
                    aria-expanded={open === trace.trace_id}
                    aria-controls="trace-waterfall"
                    aria-label={`${open === trace.trace_id ? 'Close' : 'Open'} trace ${trace.root.name}`}
                    onClick={() => setOpen(open === trace.trace_id ? undefined : trace.trace_id)}
                  >
                    {open === trace.trace_id ? 'Close' : 'Open'}
                  </Button>
                </Td>
              </tr>
            ))}
          </TableBody>
        </Table>
      )}
      <div id="trace-waterfall" className="mt-4">
        {open && <TraceWaterfall traceId={open} />}
      </div>
    </section>
  );
}

/** One trace's spans on a time line, nested under their parents, coloured by service. */
export function TraceWaterfall({ traceId }: { traceId: string }) {
  const trace = useTrace(traceId);
  if (trace.isError)
    return (
      <ErrorState
        error={trace.error}
        title="This trace could not be loaded"
        retry={() => void trace.refetch()}
      />
    );
  if (!trace.data) return <Skeleton className="h-48 w-full" />;
  const { rows, totalMs } = waterfall(trace.data.spans);
  const legend = [...new Set(rows.map((row) => row.span.service))];
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4" data-testid="waterfall">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h3 className="font-semibold">
          Trace <span className="font-mono text-sm">{traceId}</span> · {ms(totalMs)}
        </h3>
        <ul aria-label="Services" className="flex flex-wrap gap-3 text-xs">
          {legend.map((service) => (
            <li key={service} className="flex items-center gap-1">
              <span
                aria-hidden="true"
                className="inline-block h-3 w-3 rounded-sm"
                style={{ background: serviceColour(service) }}
              />
              {service}
            </li>
          ))}
        </ul>
      </div>
      <ol aria-label="Spans" className="flex flex-col gap-1">
        {rows.map(({ span, depth, offsetMs, left, width }) => (
          <li
            key={span.span_id}
            className="grid grid-cols-[minmax(10rem,2fr)_3fr] items-center gap-3 text-xs sm:grid-cols-[minmax(14rem,1fr)_2fr]"
          >
            <span
              className="truncate"
              style={{ paddingLeft: `${Math.min(depth, 8) * 0.75}rem` }}
              title={span.name}
            >
              <span className="font-semibold" style={{ color: serviceColour(span.service) }}>
                {span.service}
              </span>{' '}
              {span.name}
              {span.status === 'error' && <span className="ml-1 font-semibold text-red-700">error</span>}
            </span>
            <span className="relative h-4 rounded bg-slate-100">
              <span
                aria-hidden="true"
                className="absolute top-0 h-4 rounded"
                style={{
                  left: `${Math.min(left, 99.5)}%`,
                  width: `${Math.min(width, 100 - Math.min(left, 99.5))}%`,
                  background: serviceColour(span.service),
                }}
              />
              <span className="sr-only">
                starts at {ms(offsetMs)}, takes {ms(span.duration_ms)}
              </span>
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
