import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INT8_MAX } from '@bodega/contracts';
import { databaseBackends, outOfRangeCases } from '@bodega/testing';
import { expectError, get } from './support/api.js';
import { startSearch, type SearchUnderTest } from './support/search.js';

describe.each(databaseBackends())('numbers search cannot hold, on $name', (backend) => {
  let search: SearchUnderTest;
  beforeAll(async () => {
    search = await startSearch(backend);
  });
  afterAll(async () => {
    await search.close();
  });

  it.each(outOfRangeCases)(
    'answers %s as a price or a limit with 400 VALIDATION_ERROR (or, for a bigint price it fits, 200), never 500',
    async (_label, number) => {
      // Prices are bigint columns: one past int4 is a price nothing costs, not an error.
      const pricesFit = BigInt(number) <= BigInt(INT8_MAX);
      for (const name of ['min_price', 'max_price']) {
        const response = await get(search.app, '/search', { [name]: number });
        if (pricesFit) expect(response.statusCode, response.body).toBe(200);
        else expectError(response, 400, 'VALIDATION_ERROR');
      }
      expectError(await get(search.app, '/search', { limit: number }), 400, 'VALIDATION_ERROR');
      expectError(await get(search.app, '/recommendations', { limit: number }), 400, 'VALIDATION_ERROR');
    },
  );
});
