import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEnvelope } from '@bodega/contracts';
import { newId } from '@bodega/db';
import { databaseBackends, type TestDatabase } from '@bodega/testing';
import { evtestDatabase } from '../test/support/database.js';
import { userRegistered } from '../test/support/events.js';
import { effects, inbox } from '../test/fixtures/schema.js';
import { idempotent } from './inbox.js';

const envelope = (): AnyEnvelope => ({
  id: newId(),
  type: 'identity.user.registered',
  version: 1,
  occurred_at: new Date().toISOString(),
  source: 'identity',
  data: userRegistered(),
});

describe('idempotent consumers', () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await evtestDatabase(databaseBackends()[0]!);
  });
  afterAll(async () => {
    await test.cleanup();
  });

  const rows = async () => {
    const [inboxRows] = await test.database.db.select({ n: count() }).from(inbox);
    const [effectRows] = await test.database.db.select({ n: count() }).from(effects);
    return { inbox: inboxRows?.n, effects: effectRows?.n };
  };

  it('run the handler once per event, however often it arrives, and separately per consumer', async () => {
    const handler = (consumer: string) =>
      idempotent({ database: test.database, inbox, consumer }, async (event, tx) => {
        await tx.insert(effects).values({ id: newId(), consumer, eventId: event.id });
      });
    const search = handler('search');
    const analytics = handler('analytics');
    const event = envelope();
    await search(event);
    await search(event);
    await analytics(event);
    expect(await rows()).toEqual({ inbox: 2, effects: 2 });
  });

  it('roll back the inbox row with the effects when the handler fails, so the retry runs it again', async () => {
    await test.database.query('delete from evtest.inbox');
    await test.database.query('delete from evtest.effects');
    let fail = true;
    const handler = idempotent({ database: test.database, inbox, consumer: 'search' }, async (event, tx) => {
      await tx.insert(effects).values({ id: newId(), consumer: 'search', eventId: event.id });
      if (fail) throw new Error('down');
    });
    const event = envelope();
    await expect(handler(event)).rejects.toThrow('down');
    expect(await rows()).toEqual({ inbox: 0, effects: 0 });
    fail = false;
    await handler(event);
    expect(await rows()).toEqual({ inbox: 1, effects: 1 });
  });
});
