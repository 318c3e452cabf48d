import { mkdtemp, readdir, rm, stat, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadOrCreateSigningKey } from './key-store.js';

describe('loadOrCreateSigningKey', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bodega-auth-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the key file, and its directory, readable only by the owner', async () => {
    const file = join(dir, 'identity', 'keys', 'signing-key.json');

    await loadOrCreateSigningKey(file);

    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir, 'identity', 'keys'))).toEqual(['signing-key.json']);
  });

  it('returns the same key after a restart, so issued tokens stay valid', async () => {
    const file = join(dir, 'signing-key.json');

    const created = await loadOrCreateSigningKey(file);
    const loaded = await loadOrCreateSigningKey(file);

    expect(loaded.kid).toBe(created.kid);
    expect(loaded.publicJwk).toEqual(created.publicJwk);
  });

  it('gives every concurrent caller the one key that reached the disk', async () => {
    const file = join(dir, 'signing-key.json');

    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSigningKey(file)));

    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
    expect((await loadOrCreateSigningKey(file)).kid).toBe(keys[0]!.kid);
    expect(await readdir(dir)).toEqual(['signing-key.json']);
  });

  it('refuses a corrupted key file instead of silently replacing the key', async () => {
    const file = join(dir, 'signing-key.json');
    await writeFile(file, '{ not json');

    await expect(loadOrCreateSigningKey(file)).rejects.toMatchObject({ code: 'INVALID_SIGNING_KEY' });
  });

  it('reports a path it cannot read', async () => {
    const file = join(dir, 'a-directory');
    await mkdir(file);

    await expect(loadOrCreateSigningKey(file)).rejects.toMatchObject({ code: 'EISDIR' });
  });

  it('reports a directory it cannot create', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, '');

    await expect(loadOrCreateSigningKey(join(blocker, 'signing-key.json'))).rejects.toMatchObject({
      code: expect.stringMatching(/ENOTDIR|EEXIST/),
    });
  });
});
