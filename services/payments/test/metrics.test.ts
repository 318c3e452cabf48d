import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseBackends } from '@bodega/testing';
import { metricValue } from './support/api.js';
import { startPayments, type PaymentsUnderTest } from './support/payments.js';

describe.each(databaseBackends())('payments metrics on $name', (backend) => {
  let payments: PaymentsUnderTest;

  beforeAll(async () => {
    payments = await startPayments(backend);
  });
  afterAll(async () => {
    await payments.close();
  });

  it('exposes declines by every reason of the provider from the start, at zero', async () => {
    const text = (await payments.app.inject({ method: 'GET', url: '/metrics' })).body;
    for (const reason of ['card_declined', 'insufficient_funds']) {
      expect(text).toMatch(
        new RegExp(`^payments_outcomes_total\\{[^}]*status="declined",reason="${reason}"[^}]*\\} 0$`, 'm'),
      );
    }
  });

  it('reads its database pool and its outbox on scrape', async () => {
    expect(await metricValue(payments.app, 'db_pool_connections_max')).toBeGreaterThanOrEqual(1);
    expect(await metricValue(payments.app, 'events_outbox_backlog')).toBeGreaterThanOrEqual(0);
    expect(await metricValue(payments.app, 'events_outbox_oldest_age_seconds')).toBeGreaterThanOrEqual(0);
  });
});
