import fs from 'node:fs';
import path from 'node:path';
import { formatServicePublicKeys } from '@bodega/auth';
import { loadOrCreateSecret } from './secrets.js';

/** The keys one service starts with: its own private key and its callers' public keys. */
export interface ServiceKeys {
  privateKey: string;
  publicKeys: string;
}

/** Where the embedded data directory keeps service keys: `<name>.key`, one per service, mode 0600. */
export function serviceKeysDir(dataDir: string): string {
  return path.join(dataDir, 'secrets', 'service-keys');
}

/**
 * Every named service's private key (base64url of 32 bytes, an Ed25519 seed): from
 * `<NAME>_SERVICE_PRIVATE_KEY` when the environment gives one, otherwise from the data directory,
 * created on first use. Embedded mode and the local multi-process launcher need no operator for keys.
 */
export function loadOrCreateServiceKeys(
  dataDir: string,
  services: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Record<string, string> {
  return Object.fromEntries(
    services.map((name) => [
      name,
      env[`${name.toUpperCase()}_SERVICE_PRIVATE_KEY`]?.trim() ||
        loadOrCreateSecret(path.join(serviceKeysDir(dataDir), `${name}.key`), 32),
    ]),
  );
}

/**
 * The keys of one service started alone in embedded mode: its own from the data directory (or
 * `ownKey`), and as callers every service whose key the directory holds, itself included.
 */
export function embeddedServiceKeys(dataDir: string, service: string, ownKey?: string): ServiceKeys {
  const privateKey = ownKey ?? loadOrCreateServiceKeys(dataDir, [service])[service] ?? '';
  fs.mkdirSync(serviceKeysDir(dataDir), { recursive: true, mode: 0o700 });
  const others = fs
    .readdirSync(serviceKeysDir(dataDir))
    .map((file) => /^([a-z][a-z0-9-]{0,62})\.key$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined && name !== service);
  const keys = { ...loadOrCreateServiceKeys(dataDir, others), [service]: privateKey };
  return { privateKey, publicKeys: formatServicePublicKeys(keys) };
}
