import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPglite, pgliteDatabase, pgliteTemplate, pgliteTemplateFile } from '@bodega/db';

describe('the embedded database', () => {
  it('creates a data directory on first open and finds its data again on the next', async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-pglite-')), 'pg');
    const first = await openPglite(dir);
    expect(fs.existsSync(path.join(dir, 'PG_VERSION'))).toBe(true);
    await first.query('create table notes (body text)');
    await first.query(`insert into notes values ('kept')`);
    await first.close();

    const second = await openPglite(dir);
    const database = pgliteDatabase(second, 'public');
    expect(await database.query('select body from notes')).toEqual([{ body: 'kept' }]);
    await database.close();
    await second.close();
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }, 120_000);

  it('keeps one template per PGlite version under node_modules/.cache, made on demand', async () => {
    const file = pgliteTemplateFile();
    expect(file).toMatch(/node_modules\/\.cache\/bodega\/pglite-template-\d+\.\d+\.\d+\.tar\.gz$/);
    const template = await pgliteTemplate();
    expect(fs.existsSync(file)).toBe(true);
    expect(template.size).toBe(fs.statSync(file).size);
  });
});
