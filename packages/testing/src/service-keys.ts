import {
  createServiceTokenSigner,
  formatServicePublicKeys,
  generateServicePrivateKey,
  type ServiceTokenSigner,
} from '@bodega/auth';

/** Everything that signs service tokens in a whole platform: the services and the CLI. */
export const keyHolders = [
  'gateway',
  'identity',
  'catalog',
  'search',
  'orders',
  'payments',
  'analytics',
  'cli',
];

/** One test's service-token keys: a key pair per name, as production has (docs/adr/0016). */
export interface TestServiceKeys {
  privateKeys: Record<string, string>;
  /** `SERVICE_PUBLIC_KEYS`: every name's. */
  publicKeys: string;
  /** The environment of `service`: its own private key and everyone's public keys. */
  env(service: string): { SERVICE_PRIVATE_KEY: string; SERVICE_PUBLIC_KEYS: string };
  /** The environment of several services in one (`<NAME>_SERVICE_PRIVATE_KEY` each, as embedded reads). */
  platformEnv(): Record<string, string>;
  /** A token from `caller` for `callee`, as the caller would send it. */
  token(caller: string, callee: string): Promise<string>;
}

/** Fresh keys for `names` (every key holder by default). */
export function testServiceKeys(names: readonly string[] = keyHolders): TestServiceKeys {
  const privateKeys = Object.fromEntries(names.map((name) => [name, generateServicePrivateKey()]));
  const publicKeys = formatServicePublicKeys(privateKeys);
  const signers = new Map<string, ServiceTokenSigner>();
  const keyOf = (name: string) => {
    const key = privateKeys[name];
    if (key === undefined) throw new Error(`no test key for ${name}`);
    return key;
  };
  return {
    privateKeys,
    publicKeys,
    env: (service) => ({ SERVICE_PRIVATE_KEY: keyOf(service), SERVICE_PUBLIC_KEYS: publicKeys }),
    platformEnv: () => ({
      ...Object.fromEntries(names.map((name) => [`${name.toUpperCase()}_SERVICE_PRIVATE_KEY`, keyOf(name)])),
      SERVICE_PUBLIC_KEYS: publicKeys,
    }),
    token: (caller, callee) => {
      let signer = signers.get(caller);
      if (!signer) signers.set(caller, (signer = createServiceTokenSigner(keyOf(caller), caller)));
      return signer.token(callee);
    },
  };
}
