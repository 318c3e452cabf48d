import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT8_MAX } from '@bodega/contracts';
import {
  databaseBackends,
  jsonWithNumber,
  NUMBER_HERE,
  outOfRangeCases,
  uniqueSuffix,
  type TestUser,
} from '@bodega/testing';
import { expectError, get, sendBeacons } from './support/api.js';
import { startAnalytics, type AnalyticsUnderTest } from './support/analytics.js';

describe.each(databaseBackends())('numbers analytics cannot hold, on $name', (backend) => {
  let analytics: AnalyticsUnderTest;
  let admin: TestUser;

  beforeAll(async () => {
    analytics = await startAnalytics(backend);
    admin = await analytics.identity.user('admin');
  });
  afterAll(async () => {
    await analytics.close();
  });

  it.each(outOfRangeCases)(
    'answers %s in a beacon fact or a report limit with 400 VALIDATION_ERROR unless it fits, never 500',
    async (_label, number) => {
      const beacon = {
        session_id: `s-${uniqueSuffix()}`,
        events: [
          {
            type: 'search',
            occurred_at: new Date().toISOString(),
            properties: { query: 'mug', results: NUMBER_HERE },
          },
        ],
      };
      const sent = await sendBeacons(analytics.app, jsonWithNumber(beacon, number));
      // A beacon fact is any number a JavaScript number holds exactly: one past int4 is one of them.
      if (BigInt(number) <= BigInt(INT8_MAX)) expect(sent.statusCode, sent.body).toBe(202);
      else expectError(sent, 400, 'VALIDATION_ERROR');
      expectError(
        await get(analytics.app, '/analytics/top-products', { limit: number }, admin.token),
        400,
        'VALIDATION_ERROR',
      );
    },
  );
});
