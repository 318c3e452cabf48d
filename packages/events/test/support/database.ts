import path from 'node:path';
import { loadMigrations, migrateUp } from '@bodega/db';
import type { DatabaseBackend, TestDatabase } from '@bodega/testing';

const migrations = loadMigrations(path.join(import.meta.dirname, '..', 'fixtures', 'migrations'));

/** A fresh database of `backend` with the fixture schema `evtest` (outbox, inbox, effects) migrated. */
export async function evtestDatabase(backend: DatabaseBackend): Promise<TestDatabase> {
  const test = await backend.create('evtest');
  await migrateUp(test.database, { service: 'evtest', migrations });
  return test;
}
