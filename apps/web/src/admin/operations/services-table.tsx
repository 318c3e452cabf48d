import type { OpsServiceSummary } from '@bodega/contracts';
import { Badge } from '../../ui/badge';
import { Skeleton } from '../../ui/skeleton';
import { ErrorState } from '../../ui/states';
import { Table, TableBody, TableHead, Td, Th } from '../../ui/table';
import { REFRESH_MS, useOverview } from './ops-api';

const tones = { ok: 'success', degraded: 'warning', down: 'danger' } as const;
const time = new Intl.DateTimeFormat('en-US', { timeStyle: 'medium' });
const number = (value: number, digits = 1) =>
  new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value);

/** Seconds as "12 s", "4 min", "2 h": how old the oldest unsent event is. */
export function age(seconds: number): string {
  if (seconds < 90) return `${number(seconds, 0)} s`;
  if (seconds < 90 * 60) return `${number(seconds / 60, 0)} min`;
  return `${number(seconds / 3600, 1)} h`;
}

/**
 * Every service in one table: health, traffic and latency over the last minute, the outbox backlog
 * and its oldest event, and dead letters. The gateway's own health probe (`/api/v1/status`) adds each
 * service's check latency and circuit breaker state.
 */
export function ServicesTable() {
  const { overview, status } = useOverview();
  const probes = new Map((status.data?.services ?? []).map((service) => [service.name, service]));
  const services = overview.data?.services;
  return (
    <section aria-labelledby="services-heading">
      <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="services-heading" className="text-lg font-semibold">
          Services
        </h2>
        <p className="text-xs text-slate-600" aria-live="off">
          {overview.data ? `Updated ${time.format(new Date(overview.data.generated_at))} · ` : ''}
          refreshes every {REFRESH_MS / 1000} s
        </p>
      </div>
      {overview.isError && !services ? (
        <ErrorState error={overview.error} retry={() => void overview.refetch()} />
      ) : !services ? (
        <Skeleton className="h-80 w-full" />
      ) : (
        <Table label="Services" data-testid="ops-services">
          <TableHead>
            <tr>
              <Th>Service</Th>
              <Th>Health</Th>
              <Th className="text-right">Requests/s</Th>
              <Th className="text-right">Errors</Th>
              <Th className="text-right">p95</Th>
              <Th className="text-right">Outbox</Th>
              <Th className="text-right">Oldest unsent</Th>
              <Th className="text-right">Dead letters</Th>
            </tr>
          </TableHead>
          <TableBody>
            {services.map((service) => (
              <ServiceRow key={service.name} service={service} probe={probes.get(service.name)} />
            ))}
          </TableBody>
        </Table>
      )}
    </section>
  );
}

function ServiceRow({
  service,
  probe,
}: {
  service: OpsServiceSummary;
  probe: { status: string; latency_ms: number; circuit?: string } | undefined;
}) {
  return (
    <tr>
      <Th scope="row" className="font-medium capitalize">
        {service.name}
      </Th>
      <Td>
        <Badge tone={tones[service.status]}>{service.status}</Badge>
        {probe && (
          <span className="ml-2 text-xs text-slate-600">
            check {number(probe.latency_ms, 0)} ms
            {probe.circuit && probe.circuit !== 'closed'
              ? ` · circuit ${probe.circuit.replace('_', '-')}`
              : ''}
          </span>
        )}
      </Td>
      <Td className="text-right tabular-nums">{number(service.request_rate_per_s)}</Td>
      <Td
        className={`text-right tabular-nums ${service.error_rate > 0.05 ? 'font-semibold text-red-700' : ''}`}
      >
        {number(service.error_rate * 100)}%
      </Td>
      <Td className="text-right tabular-nums">{number(service.p95_ms, 0)} ms</Td>
      <Td className="text-right tabular-nums">{number(service.outbox_backlog, 0)}</Td>
      <Td className="text-right tabular-nums">
        {service.outbox_backlog > 0 ? age(service.outbox_oldest_seconds) : '—'}
      </Td>
      <Td
        className={`text-right tabular-nums ${service.dead_letters > 0 ? 'font-semibold text-red-700' : ''}`}
      >
        {number(service.dead_letters, 0)}
      </Td>
    </tr>
  );
}
