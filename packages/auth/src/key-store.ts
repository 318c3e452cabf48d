/**
 * The signing key of embedded mode, persisted under the data directory so that tokens survive a restart.
 */
import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Internal } from '@bodega/errors';
import { exportSigningKey, generateSigningKey, importSigningKey } from './keys.js';
import type { SigningKey } from './keys.js';

/**
 * Reads the signing key stored at `filePath`, or generates one and stores it there (directory created
 * as needed, file mode 0600). Safe against two processes creating the key at once: both end up with the
 * key that reached the disk first.
 */
export async function loadOrCreateSigningKey(filePath: string): Promise<SigningKey> {
  const existing = await readKeyFile(filePath);
  if (existing !== undefined) return existing;

  const key = await generateSigningKey();
  await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
  // Written aside then hard-linked into place: `link` fails if the file exists, so a concurrent creator
  // never overwrites the other's key, and a reader never sees a half-written file.
  const temporary = `${filePath}.${randomUUID()}.tmp`;
  await writeFile(temporary, JSON.stringify(await exportSigningKey(key), null, 2) + '\n', { mode: 0o600 });
  try {
    await link(temporary, filePath);
    return key;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    const winner = await readKeyFile(filePath);
    if (winner === undefined) throw error;
    return winner;
  } finally {
    await unlink(temporary);
  }
}

async function readKeyFile(filePath: string): Promise<SigningKey | undefined> {
  let text: string;
  try {
    text = await readFile(filePath, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw Internal(`Signing key file ${filePath} is not valid JSON`, { code: 'INVALID_SIGNING_KEY', cause });
  }
  return importSigningKey(json);
}

function errorCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}
