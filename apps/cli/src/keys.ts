import { formatServicePublicKeys, generateServicePrivateKey } from '@bodega/auth';
import { platformServices } from './services.js';

/** Every name that signs service tokens: the services, and the CLI for seeding. */
export const keyHolders = [...platformServices.map(({ name }) => name), 'cli'];

/**
 * `bodega keys`: a new Ed25519 key pair for every service and the CLI (docs/adr/0016), as environment
 * lines: each private key goes to its service alone, the public keys to every service.
 */
export function serviceKeyLines(generate: () => string = generateServicePrivateKey): string {
  const privateKeys = Object.fromEntries(keyHolders.map((name) => [name, generate()]));
  return [
    '# Each private key to its own service alone: <SERVICE>_SERVICE_PRIVATE_KEY (SERVICE_PRIVATE_KEY in its environment).',
    ...Object.entries(privateKeys).map(([name, key]) => `${name.toUpperCase()}_SERVICE_PRIVATE_KEY=${key}`),
    '# The public keys, not secret: the same SERVICE_PUBLIC_KEYS for every service.',
    `SERVICE_PUBLIC_KEYS=${formatServicePublicKeys(privateKeys)}`,
  ].join('\n');
}
