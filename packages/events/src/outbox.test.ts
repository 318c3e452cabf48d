import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { isAppError } from '@bodega/errors';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import { evtestDatabase } from '../test/support/database.js';
import { userRegistered } from '../test/support/events.js';
import { outbox } from '../test/fixtures/schema.js';
import { outboxChannel, schemaOf, writeEvent } from './outbox.js';
import type { EventType } from '@bodega/contracts';

describe('writeEvent', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await evtestDatabase(databaseBackends()[0]!);
  });
  afterAll(async () => {
    await test.cleanup();
  });
  beforeEach(async () => {
    await test.database.query('delete from evtest.outbox');
  });

  it('stores a versioned envelope with a fresh id, a UTC timestamp and the trace parent', async () => {
    const data = userRegistered({ name: 'Ada' });
    const traceParent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const envelope = await test.database.db.transaction((tx) =>
      writeEvent(tx, outbox, { type: 'identity.user.registered', data, source: 'identity', traceParent }),
    );
    expect(envelope).toMatchObject({
      type: 'identity.user.registered',
      version: 1,
      source: 'identity',
      trace_parent: traceParent,
      data,
    });
    expect(envelope.occurred_at).toMatch(/Z$/);
    const rows = await test.database.db.select().from(outbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      id: envelope.id,
      type: envelope.type,
      envelope,
      publishedAt: null,
      attempts: 0,
      lastError: null,
    });
  });

  it('uses the id and time it is given, for events whose data repeats them', async () => {
    const occurredAt = new Date('2026-01-15T10:00:00Z');
    const id = '0190a6f4-7c1e-7b3a-9c2d-1e2f3a4b5c6d';
    const envelope = await writeEvent(test.database.db, outbox, {
      id,
      occurredAt,
      type: 'catalog.product.deleted',
      source: 'catalog',
      data: { product_id: id, deleted_at: occurredAt.toISOString() },
    });
    expect(envelope).toMatchObject({ id, occurred_at: '2026-01-15T10:00:00.000Z' });
    expect(envelope).not.toHaveProperty('trace_parent');
  });

  it('notifies relays of its schema only when the transaction commits', async () => {
    const payloads: string[] = [];
    const unlisten = await test.database.listen(outboxChannel, (payload) => payloads.push(payload));
    await test.database.db
      .transaction(async (tx) => {
        await writeEvent(tx, outbox, {
          type: 'identity.user.registered',
          data: userRegistered(),
          source: 'identity',
        });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await test.database.db.transaction((tx) =>
      writeEvent(tx, outbox, {
        type: 'identity.user.registered',
        data: userRegistered(),
        source: 'identity',
      }),
    );
    await expect.poll(() => payloads, { timeout: 5_000 }).toEqual(['evtest']);
    await unlisten();
    expect(schemaOf(outbox)).toBe('evtest');
  });

  it.each([
    ['an unknown type', { type: 'identity.user.exploded' as EventType, data: {} }, '/type'],
    [
      'data that breaks the schema',
      { type: 'identity.user.registered' as const, data: { ...userRegistered(), email: 'nope' } },
      '/data/email',
    ],
    [
      'a malformed trace parent',
      { type: 'identity.user.registered' as const, data: userRegistered(), traceParent: 'abc' },
      '/trace_parent',
    ],
    [
      'a malformed source',
      { type: 'identity.user.registered' as const, data: userRegistered(), source: 'Identity Service' },
      '/source',
    ],
  ])('refuses %s as a programming error and writes nothing', async (_case, event, path) => {
    const attempt = writeEvent(test.database.db, outbox, { source: 'identity', ...event } as Parameters<
      typeof writeEvent
    >[2]);
    const error: unknown = await attempt.catch((caught: unknown) => caught);
    expect(isAppError(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'internal',
      code: 'INVALID_EVENT',
      details: { errors: [expect.objectContaining({ path })] },
    });
    expect(await test.database.db.select().from(outbox)).toEqual([]);
  });
});
