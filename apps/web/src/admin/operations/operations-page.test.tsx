// @vitest-environment jsdom
import { screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorBody, type Call } from '../../test/render';
import { renderAsStaff } from '../../test/staff';
import { AdminOperationsPage } from './operations-page';

const names = ['gateway', 'identity', 'catalog', 'search', 'orders', 'payments', 'analytics'];
const summary = (name: string) => ({
  name,
  status: name === 'payments' ? 'degraded' : 'ok',
  request_rate_per_s: name === 'gateway' ? 12.5 : 1,
  error_rate: name === 'payments' ? 0.25 : 0,
  p95_ms: 42,
  outbox_backlog: name === 'orders' ? 3 : 0,
  outbox_oldest_seconds: name === 'orders' ? 240 : 0,
  dead_letters: name === 'search' ? 1 : 0,
});
const letterId = '0190a6f4-8b2d-7c4e-a1f0-0000000000d1';
const letter = {
  id: letterId,
  consumer: 'search',
  type: 'orders.order.placed',
  envelope: { id: letterId, type: 'orders.order.placed', data: { note: '<script>alert(1)</script>' } },
  error: 'contract: data/order_id is required',
  attempts: 0,
  failed_at: '2026-03-08T14:00:00Z',
};
const traceId = 'ab'.repeat(16);
const span = (
  id: string,
  parent: string | null,
  service: string,
  name: string,
  offset: number,
  duration: number,
) => ({
  span_id: id.padStart(16, '0'),
  parent_span_id: parent === null ? null : parent.padStart(16, '0'),
  service,
  name,
  kind: 'server',
  started_at: new Date(Date.parse('2026-03-08T14:00:00Z') + offset).toISOString(),
  duration_ms: duration,
  status: 'ok',
  attributes: {},
});

function gateway(
  overrides: (call: Call) => { status: number; body?: unknown } | undefined = () => undefined,
) {
  return (call: Call) => {
    const override = overrides(call);
    if (override) return override;
    const url = new URL(call.path, 'http://shop.test');
    switch (url.pathname) {
      case '/api/v1/ops/overview':
        return { status: 200, body: { generated_at: '2026-03-08T14:00:00Z', services: names.map(summary) } };
      case '/api/v1/status':
        return {
          status: 200,
          body: {
            status: 'degraded',
            checked_at: '2026-03-08T14:00:00Z',
            services: names.map((name) => ({
              name,
              status: 'up',
              latency_ms: 3,
              checks: {},
              circuit: name === 'payments' ? 'open' : 'closed',
            })),
          },
        };
      case '/api/v1/ops/dead-letters':
        return { status: 200, body: { items: url.searchParams.get('service') === 'search' ? [letter] : [] } };
      case '/api/v1/ops/dead-letters/replay':
        return { status: 200, body: { replayed: (call.body as { ids?: string[] }).ids?.length ?? 1 } };
      case '/api/v1/ops/traces':
        return {
          status: 200,
          body: {
            items: [
              {
                trace_id: traceId,
                root: { service: 'gateway', name: 'POST /api/v1/checkout' },
                started_at: '2026-03-08T14:00:00Z',
                duration_ms: 120,
                span_count: 3,
                services: ['gateway', 'orders'],
                error: false,
              },
            ],
          },
        };
      case `/api/v1/ops/traces/${traceId}`:
        return {
          status: 200,
          body: {
            trace_id: traceId,
            spans: [
              span('1', null, 'gateway', 'POST /api/v1/checkout', 0, 120),
              span('3', '2', 'orders', 'reserve stock', 30, 40),
              span('2', '1', 'orders', 'POST /api/v1/checkout', 10, 100),
            ],
          },
        };
      default:
        return undefined;
    }
  };
}

describe('the operations page', () => {
  it("shows every service's health, traffic, latency, backlog and dead letters, and the gateway's probe", async () => {
    renderAsStaff(<AdminOperationsPage />, { role: 'manager', handler: gateway() });
    const table = await screen.findByRole('table', { name: 'Services' });
    expect(within(table).getAllByRole('row')).toHaveLength(names.length + 1);
    const row = (name: string) => within(table).getByRole('rowheader', { name }).closest('tr') as HTMLElement;
    expect(within(row('payments')).getByText('degraded')).toBeTruthy();
    expect(within(row('payments')).getByText('25%')).toBeTruthy();
    await waitFor(() => expect(within(row('payments')).getByText(/circuit open/)).toBeTruthy());
    expect(within(row('gateway')).getByText('12.5')).toBeTruthy();
    expect(within(row('orders')).getByText('4 min')).toBeTruthy();
    expect(within(row('search')).getAllByRole('cell').at(-1)!.textContent).toBe('1');
  });

  it('keeps dead letters from managers, and shows them recent traces as a waterfall', async () => {
    const page = renderAsStaff(<AdminOperationsPage />, { role: 'manager', handler: gateway() });
    expect(await screen.findByText('For admins')).toBeTruthy();
    await page.user.click(await screen.findByRole('button', { name: /Open trace POST \/api\/v1\/checkout/ }));
    const spans = within(await screen.findByTestId('waterfall')).getByRole('list', { name: 'Spans' });
    // Children under their parents, whatever order the spans came in.
    expect(
      within(spans)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual([
      'gateway POST /api/v1/checkoutstarts at 0 ms, takes 120 ms',
      'orders POST /api/v1/checkoutstarts at 10 ms, takes 100 ms',
      'orders reserve stockstarts at 30 ms, takes 40 ms',
    ]);
    expect(page.calls.some((call) => call.path.startsWith('/api/v1/ops/dead-letters'))).toBe(false);
  });

  it('lets an admin inspect a dead letter as text and replay it, or all, once confirmed', async () => {
    const page = renderAsStaff(<AdminOperationsPage />, { role: 'admin', handler: gateway() });
    expect(await screen.findByRole('tab', { name: 'search (1)' })).toBeTruthy();
    const item = await screen.findByTestId('dead-letter');
    expect(within(item).getByText('contract: data/order_id is required')).toBeTruthy();
    await page.user.click(within(item).getByText('Inspect the envelope'));
    const envelope = within(item).getByTestId('envelope');
    expect(envelope.tagName).toBe('PRE');
    expect(envelope.textContent).toContain('"note": "<script>alert(1)</script>"');
    expect(envelope.querySelector('script')).toBeNull();

    const replays = () => page.calls.filter((call) => call.path === '/api/v1/ops/dead-letters/replay');
    await page.user.click(
      within(item).getByRole('button', { name: `Replay orders.order.placed ${letterId}` }),
    );
    await page.user.click(
      within(await screen.findByRole('dialog', { name: 'Replay this message?' })).getByRole('button', {
        name: 'Replay',
      }),
    );
    await waitFor(() => expect(replays()).toHaveLength(1));
    expect(replays()[0]!.body).toEqual({ service: 'search', ids: [letterId] });
    expect(await screen.findAllByText('1 message sent back to search')).not.toHaveLength(0);

    await page.user.click(screen.getByRole('button', { name: 'Replay all (1)' }));
    await page.user.click(
      within(await screen.findByRole('dialog', { name: 'Replay every dead letter of search?' })).getByRole(
        'button',
        { name: 'Replay 1' },
      ),
    );
    await waitFor(() => expect(replays()).toHaveLength(2));
    expect(replays()[1]!.body).toEqual({ service: 'search' });

    await page.user.click(screen.getByRole('tab', { name: 'orders (0)' }));
    expect(await screen.findByText('No dead letters in orders')).toBeTruthy();
  });

  it("shows a refused replay in its dialog, and the gateway's errors where the numbers would be", async () => {
    const page = renderAsStaff(<AdminOperationsPage />, {
      role: 'admin',
      handler: gateway((call) => {
        if (call.path === '/api/v1/ops/dead-letters/replay')
          return { status: 503, body: errorBody('UPSTREAM_UNAVAILABLE', 'search is not answering') };
        if (call.path.startsWith('/api/v1/ops/traces'))
          return {
            status: 400,
            body: errorBody('VALIDATION_ERROR', 'Invalid request querystring: min_duration_ms must be >= 0'),
          };
        return undefined;
      }),
    });
    expect(await screen.findByText('Invalid request querystring: min_duration_ms must be >= 0')).toBeTruthy();
    await page.user.click(await screen.findByRole('button', { name: 'Replay all (1)' }));
    const dialog = await screen.findByRole('dialog');
    await page.user.click(within(dialog).getByRole('button', { name: 'Replay 1' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'Something went wrong on our side. Please try again.',
    );
  });
});
