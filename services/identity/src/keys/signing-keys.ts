import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { importSigningKeyFromPem, loadOrCreateSigningKey, type SigningKey } from '@bodega/auth';
import type { IdentityConfig } from '../config.js';

/** Where embedded mode keeps its generated key, under BODEGA_DATA_DIR. */
export function embeddedKeyFile(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'keys', 'identity-signing-key.json');
}

/**
 * The key that signs access tokens. Distributed mode is given one (every replica must sign with the
 * same key, and a generated one would change at each restart); embedded mode generates one on first
 * start and keeps it in the data directory, so sessions survive restarts.
 */
export async function loadSigningKey(
  config: Pick<IdentityConfig, 'JWT_PRIVATE_KEY' | 'JWT_PRIVATE_KEY_FILE' | 'BODEGA_DATA_DIR'>,
  mode: 'embedded' | 'distributed',
): Promise<SigningKey> {
  if (config.JWT_PRIVATE_KEY !== undefined && config.JWT_PRIVATE_KEY_FILE !== undefined) {
    throw configError('JWT_PRIVATE_KEY and JWT_PRIVATE_KEY_FILE are both set; set only one');
  }
  if (config.JWT_PRIVATE_KEY !== undefined) return importSigningKeyFromPem(config.JWT_PRIVATE_KEY);
  if (config.JWT_PRIVATE_KEY_FILE !== undefined) {
    let pem: string;
    try {
      pem = await readFile(config.JWT_PRIVATE_KEY_FILE, 'utf8');
    } catch (cause) {
      throw configError(`JWT_PRIVATE_KEY_FILE: cannot read ${config.JWT_PRIVATE_KEY_FILE}`, cause);
    }
    return importSigningKeyFromPem(pem);
  }
  if (mode === 'embedded') return loadOrCreateSigningKey(embeddedKeyFile(config.BODEGA_DATA_DIR));
  throw configError(
    'JWT_PRIVATE_KEY: not set (distributed mode needs the Ed25519 signing key as a PKCS#8 PEM, ' +
      'in JWT_PRIVATE_KEY or in the file named by JWT_PRIVATE_KEY_FILE)',
  );
}

function configError(problem: string, cause?: unknown): Error {
  return new Error(
    `Invalid configuration for identity:\n  - ${problem}`,
    cause === undefined ? undefined : { cause },
  );
}
