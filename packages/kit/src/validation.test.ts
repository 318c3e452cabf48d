import { afterEach, describe, expect, it } from 'vitest';
import { FormatRegistry, Type } from '@sinclair/typebox';
import { silentLogger } from '@bodega/logging';
import { standardError } from '@bodega/testing';
import { createMetricsRegistry } from './metrics.js';
import { createService, type ServiceApp } from './service.js';
import { MAX_ISSUES } from './validation.js';

// A format that counts how often it is checked: how many items the validator really walked.
let skusChecked = 0;
FormatRegistry.Set('counted-sku', (value) => {
  skusChecked += 1;
  return /^[A-Z]{3}-\d+$/.test(value);
});

describe('request validation of a body full of invalid items', () => {
  let app: ServiceApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(): Promise<ServiceApp> {
    app = createService({ name: 'demo', logger: silentLogger(), metrics: createMetricsRegistry('demo') });
    app.post(
      '/imports',
      {
        schema: {
          body: Type.Object(
            {
              skus: Type.Array(Type.String({ format: 'counted-sku' })),
              lines: Type.Optional(
                Type.Array(
                  Type.Object(
                    { product_id: Type.String(), quantity: Type.Integer() },
                    { additionalProperties: false },
                  ),
                ),
              ),
            },
            { additionalProperties: false },
          ),
        },
      },
      async () => ({ ok: true }),
    );
    return app;
  }

  it('lists the first 20 issues with truncated: true and stops looking after the 21st', async () => {
    const service = await start();
    const payload = JSON.stringify({ skus: Array.from({ length: 50_000 }, () => 'bad') });
    skusChecked = 0;
    const response = await service.inject({
      method: 'POST',
      url: '/imports',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body).toEqual(standardError('VALIDATION_ERROR'));
    expect(body.error.details.truncated).toBe(true);
    expect(body.error.details.issues).toHaveLength(MAX_ISSUES);
    expect(body.error.details.issues[0]).toEqual({ field: 'skus.0', message: expect.any(String) });
    // One check by the compiled validator (it stops at the first failure), then 21 issues collected.
    expect(skusChecked).toBeLessThanOrEqual(1 + MAX_ISSUES + 1);
    expect(response.body.length).toBeLessThan(5_000);
  });

  it('answers a body of 50,000 empty lines in a few kilobytes, not megabytes', async () => {
    const service = await start();
    const payload = JSON.stringify({ skus: [], lines: Array.from({ length: 50_000 }, () => ({})) });
    expect(payload.length).toBeLessThan(1_048_576);
    const response = await service.inject({
      method: 'POST',
      url: '/imports',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    const { details } = response.json().error;
    expect(details.truncated).toBe(true);
    expect(details.issues).toHaveLength(MAX_ISSUES);
    // A missing field is reported once, as missing, not again for its type.
    expect(details.issues.slice(0, 2)).toEqual([
      { field: 'lines.0.product_id', message: 'is required' },
      { field: 'lines.0.quantity', message: 'is required' },
    ]);
    expect(response.body.length).toBeLessThan(5_000);
  });

  it('lists every issue, without truncated, when there are no more than 20', async () => {
    const service = await start();
    const response = await service.inject({
      method: 'POST',
      url: '/imports',
      payload: { skus: Array.from({ length: MAX_ISSUES }, () => 'bad') },
    });
    expect(response.statusCode).toBe(400);
    const { details } = response.json().error;
    expect(details.issues).toHaveLength(MAX_ISSUES);
    expect(details).not.toHaveProperty('truncated');
  });

  it('never echoes a huge key back once per issue: quoted fields are cut short', async () => {
    const service = await start();
    const key = 'k'.repeat(20_000);
    const payload = JSON.stringify({
      skus: [],
      lines: [Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`${key}${i}`, i]))],
    });
    const response = await service.inject({
      method: 'POST',
      url: '/imports',
      headers: { 'content-type': 'application/json' },
      payload,
    });
    expect(response.statusCode).toBe(400);
    const { details } = response.json().error;
    expect(details.issues.length).toBeGreaterThan(1);
    for (const issue of details.issues as { field: string }[]) expect(issue.field.length).toBeLessThan(300);
    expect(response.body.length).toBeLessThan(payload.length / 10);
  });
});
