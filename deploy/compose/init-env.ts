/**
 * `make local-env`: writes deploy/compose/.env from .env.example, generating every empty secret
 * (random passwords, the service-token secret, identity's Ed25519 signing key). An existing .env is
 * kept unless --force is given, so secrets do not change under a running stack.
 *
 *   node --import tsx deploy/compose/init-env.ts [--out <file>] [--force]
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
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
  return randomBytes(key === 'SERVICE_TOKEN_SECRET' ? 48 : 24).toString('base64url');
};

/** The example with every `KEY=` line that has no value given one; comments and values kept. */
export function fillEnv(example: string, generate: Generator): string {
  return example
    .split('\n')
    .map((line) => {
      const match = /^([A-Z][A-Z0-9_]*)=$/.exec(line);
      return match?.[1] ? `${match[1]}=${generate(match[1])}` : line;
    })
    .join('\n');
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
