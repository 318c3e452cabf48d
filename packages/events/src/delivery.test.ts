import { describe, expect, it } from 'vitest';
import { silentLogger } from '@bodega/logging';
import { resolveSubscription } from './bus.js';
import { deliver, describe as describeError } from './delivery.js';

const logger = silentLogger();
const valid = JSON.stringify({
  id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d',
  type: 'catalog.product.deleted',
  version: 1,
  occurred_at: '2026-01-15T10:00:00Z',
  source: 'catalog',
  data: { product_id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c70', deleted_at: '2026-01-15T10:00:00Z' },
});

const subscription = (handler: () => Promise<void>, backoffMs = (attempt: number) => attempt * 100) =>
  resolveSubscription({ consumer: 'search', types: ['#'], handler, maxAttempts: 3, backoffMs });

describe('one delivery', () => {
  it('is handled when the handler resolves', async () => {
    expect(
      await deliver(
        subscription(() => Promise.resolve()),
        valid,
        1,
        logger,
      ),
    ).toEqual({ kind: 'handled' });
  });

  it('is retried after its backoff while attempts remain', async () => {
    const failing = subscription(() => Promise.reject(new TypeError('boom')));
    expect(await deliver(failing, valid, 2, logger)).toEqual({
      kind: 'retry',
      attempt: 3,
      delayMs: 200,
      error: 'TypeError: boom',
    });
  });

  it('never waits a negative time, whatever the backoff says', async () => {
    const failing = subscription(
      () => Promise.reject(new Error('boom')),
      () => -5,
    );
    expect(await deliver(failing, valid, 1, logger)).toMatchObject({ kind: 'retry', delayMs: 0 });
  });

  it('is dead-lettered on its last attempt', async () => {
    const failing = subscription(() => Promise.reject(new Error('boom')));
    expect(await deliver(failing, valid, 3, logger)).toMatchObject({
      kind: 'dead',
      id: '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d',
      type: 'catalog.product.deleted',
      error: 'boom',
      attempts: 3,
    });
  });

  it('is dead-lettered without running the handler when it is not JSON', async () => {
    let ran = false;
    const outcome = await deliver(
      subscription(() => {
        ran = true;
        return Promise.resolve();
      }),
      '{not json',
      1,
      logger,
    );
    expect(outcome).toEqual({
      kind: 'dead',
      id: null,
      type: null,
      envelope: '{not json',
      error: 'contract: the message is not JSON',
      attempts: 0,
    });
    expect(ran).toBe(false);
  });

  it('is dead-lettered with what it has when it is JSON but no envelope', async () => {
    const outcome = await deliver(
      subscription(() => Promise.resolve()),
      '[1,2]',
      1,
      logger,
    );
    expect(outcome).toMatchObject({ kind: 'dead', id: null, type: null, envelope: [1, 2], attempts: 0 });
  });
});

describe('failure descriptions', () => {
  it('keep the message, the class when it says something, and whatever was thrown', () => {
    expect(describeError(new Error('plain'))).toBe('plain');
    expect(describeError(new RangeError('out'))).toBe('RangeError: out');
    expect(describeError('a string')).toBe('a string');
  });

  it('put the cause a wrapper hides first, so a dead letter says why even when cut short', () => {
    const constraint = Object.assign(new Error('new row violates check constraint "name_check"'), {
      name: 'error',
    });
    const wrapped = new Error('Failed query: insert into "search"."documents" ...\nparams: 1,2,3', {
      cause: constraint,
    });
    expect(describeError(wrapped)).toBe(
      'error: new row violates check constraint "name_check" (in: Failed query: insert into "search"."documents" ...\nparams: 1,2,3)',
    );
  });
});
