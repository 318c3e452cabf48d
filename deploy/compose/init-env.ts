/**
 * `make local-env`: writes deploy/compose/.env from .env.example, generating every empty secret
 * (random passwords, each service's service-token key and the public keys of them all, identity's
 * Ed25519 signing key). An existing .env is kept unless --force is given, so secrets do not change
 * under a running stack.
 *
 *   node --import tsx deploy/compose/init-env.ts [--out <file>] [--force]
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** Makes the value of one empty key. */
export type Generator = (key: string) => string;

/** Random secrets: URL-safe (they go into connection URLs), the signing key as an escaped PEM. */
export const generateSecret: Generator = (key) => {
  if (key === 'JWT_PRIVATE_KEY') {
    const { privateKey } = generateKeyPairSync('ed25519');
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString().trim().replaceAll('\n', '\\n');
  }
  // A service-token key (docs/adr/0016): 32 random bytes are an Ed25519 private key.
  return randomBytes(key.endsWith(PRIVATE_KEY_SUFFIX) ? 32 : 24).toString('base64url');
};

const PRIVATE_KEY_SUFFIX = '_SERVICE_PRIVATE_KEY';
/** RFC 8410's PKCS #8 wrapping of a raw Ed25519 private key: this prefix, then the 32 bytes. */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** The public half of a service-token key, as SERVICE_PUBLIC_KEYS carries it (base64url, raw). */
export function publicKeyOf(privateKey: string): string {
  const key = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, Buffer.from(privateKey, 'base64url')]),
    format: 'der',
    type: 'pkcs8',
  });
  return String(createPublicKey(key).export({ format: 'jwk' }).x);
}

/**
 * The example with every `KEY=` line that has no value given one; comments and values kept. An empty
 * `SERVICE_PUBLIC_KEYS=` gets the public keys of every `<NAME>_SERVICE_PRIVATE_KEY` of the file.
 */
export function fillEnv(example: string, generate: Generator): string {
  const lines = example.split('\n').map((line) => {
    const match = /^([A-Z][A-Z0-9_]*)=$/.exec(line);
    return match?.[1] && match[1] !== 'SERVICE_PUBLIC_KEYS' ? `${match[1]}=${generate(match[1])}` : line;
  });
  const publicKeys = lines
    .map((line) => /^([A-Z][A-Z0-9-]*)_SERVICE_PRIVATE_KEY=([A-Za-z0-9_-]{43})$/.exec(line))
    .filter((match) => match !== null)
    .map(([, name = '', key = '']) => `${name.toLowerCase()}:${publicKeyOf(key)}`)
    .join(',');
  return lines.map((line) => (line === 'SERVICE_PUBLIC_KEYS=' ? `${line}${publicKeys}` : line)).join('\n');
}

function main(): void {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const { values } = parseArgs({
    options: { out: { type: 'string', default: path.join(here, '.env') }, force: { type: 'boolean' } },
  });
  const out = values.out;
  if (fs.existsSync(out) && !values.force) {
    process.stdout.write(`${out} exists: kept (--force writes a new one)\n`);
    return;
  }
  const example = fs.readFileSync(path.join(here, '.env.example'), 'utf8');
  fs.writeFileSync(out, fillEnv(example, generateSecret), { mode: 0o600 });
  process.stdout.write(`wrote ${out} with generated secrets\n`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
