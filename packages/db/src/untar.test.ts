import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { extractTarGz } from './untar.js';

interface Entry {
  name: string;
  type: '0' | '5' | '2';
  mode: number;
  body?: string;
}

/** A ustar archive as PGlite's dumpDataDir writes them (paths from the data directory's root). */
function tarGz(entries: Entry[]): Buffer {
  const blocks: Buffer[] = [];
  for (const entry of entries) {
    const body = Buffer.from(entry.body ?? '');
    const header = Buffer.alloc(512);
    header.write(entry.name, 0, 100);
    header.write(`${entry.mode.toString(8).padStart(7, '0')}\0`, 100);
    header.write(`${body.length.toString(8).padStart(11, '0')}\0`, 124);
    header.write(entry.type, 156);
    header.write('ustar\0', 257);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return gzipSync(Buffer.concat(blocks));
}

const dirs: string[] = [];
function scratch(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-untar-'));
  dirs.push(dir);
  return path.join(dir, 'pg');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

describe('unpacking a data directory template', () => {
  it('writes its directories and files, contents and permission bits included', () => {
    const dir = scratch();
    extractTarGz(
      tarGz([
        { name: '/base', type: '5', mode: 0o700 },
        { name: '/base/1', type: '5', mode: 0o700 },
        { name: '/base/1/1259', type: '0', mode: 0o600, body: 'x'.repeat(1000) },
        { name: '/PG_VERSION', type: '0', mode: 0o600, body: '18\n' },
        { name: '/global/pg_filenode.map', type: '0', mode: 0o600, body: '' },
      ]),
      dir,
    );
    expect(fs.readFileSync(path.join(dir, 'PG_VERSION'), 'utf8')).toBe('18\n');
    expect(fs.readFileSync(path.join(dir, 'base/1/1259'), 'utf8')).toBe('x'.repeat(1000));
    expect(fs.statSync(path.join(dir, 'global/pg_filenode.map')).size).toBe(0);
    expect(fs.statSync(path.join(dir, 'base/1/1259')).mode & 0o777).toBe(0o600);
  });

  it('refuses an entry that would land outside the directory', () => {
    const archive = tarGz([{ name: '../escaped', type: '0', mode: 0o600, body: 'no' }]);
    const dir = scratch();
    expect(() => {
      extractTarGz(archive, dir);
    }).toThrow(/outside/);
    expect(fs.existsSync(path.join(path.dirname(dir), 'escaped'))).toBe(false);
  });

  it('refuses entries a data directory never holds, such as links', () => {
    const archive = tarGz([{ name: '/link', type: '2', mode: 0o777 }]);
    expect(() => {
      extractTarGz(archive, scratch());
    }).toThrow(/type '2'/);
  });
});
