/**
 * Writes docs/deploy/configuration.md from the services' config schemas, so the reference cannot drift
 * from the code (deploy/test/config-reference.test.ts fails when it does).
 *
 *   node --conditions=bodega-source --import tsx deploy/tools/config-reference.ts --write
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { platformServices, repoRoot, type ConfigKey, type PlatformService } from './platform.js';

/** Where the generated reference lives. */
export const referencePath = path.join(repoRoot, 'docs', 'deploy', 'configuration.md');

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

function defaultOf(entry: ConfigKey): string {
  if (entry.default === undefined) return entry.required ? '**required**' : '(unset)';
  return `\`${typeof entry.default === 'string' ? entry.default : JSON.stringify(entry.default)}\``;
}

function table(entries: ConfigKey[]): string[] {
  return [
    '| key | default | accepts | what it is |',
    '|---|---|---|---|',
    ...entries.map(
      (entry) =>
        `| \`${entry.key}\` | ${cell(defaultOf(entry))} | ${cell(entry.type)} | ${cell(entry.description)} |`,
    ),
  ];
}

/** Keys every service declares identically, default included (the service kit's), listed once. */
function commonKeys(services: PlatformService[]): ConfigKey[] {
  const [first, ...rest] = services;
  if (!first) return [];
  return first.config.filter((entry) =>
    rest.every((service) =>
      service.config.some(
        (other) =>
          other.key === entry.key &&
          other.description === entry.description &&
          JSON.stringify(other.default) === JSON.stringify(entry.default),
      ),
    ),
  );
}

/** The reference as markdown, formatted as the repository's prettier check wants it. */
export async function renderReference(services: PlatformService[]): Promise<string> {
  const common = commonKeys(services);
  const commonNames = new Set(common.map((entry) => entry.key));
  const lines = [
    '# Configuration reference',
    '',
    "<!-- Generated from the services' config schemas by deploy/tools/config-reference.ts. Do not edit:",
    '     node --conditions=bodega-source --import tsx deploy/tools/config-reference.ts --write -->',
    '',
    'Every service reads its configuration from environment variables (and a `.env` file in its working',
    'directory), validated at start against one typed schema: a bad or missing value stops the service with',
    'a message naming every problem. An empty variable counts as unset. Distributed mode is chosen by the',
    'presence of `DATABASE_URL`, `REDIS_URL` or `AMQP_URL`.',
    '',
    "Where the deployments set them: Compose sets each service's keys in `deploy/compose/docker-compose.yml`",
    '(secrets from `deploy/compose/.env`); the Helm chart puts the shared ones in a ConfigMap (`config` in',
    "values, plus every `<SERVICE>_URL`), the secret ones in `secrets.existingSecret`, and a service's own",
    'in `services.<name>.env`.',
    '',
    '## Every service',
    '',
    ...table(common),
    '',
    'In containers `HOST` must be `0.0.0.0` (the image sets it) and `BODEGA_DATA_DIR` points under `/tmp`',
    '(the image sets `/tmp/bodega`), the only writable place of a read-only root file system.',
    '',
    'Every listener of every service holds its clients to the same limits: a whole request within',
    '`REQUEST_TIMEOUT_MS` (30 s) and its headers within `HEADERS_TIMEOUT_MS` (10 s), else `408` and the',
    'connection closed; an idle keep-alive connection closed after `KEEP_ALIVE_TIMEOUT_MS`; at most',
    '`MAX_CONNECTIONS` open at once, further ones closed on arrival. `/metrics`, `/healthz`, `/readyz` and',
    "`/internal/ops/*` answer on each service's own port, which only the platform reaches, except on the",
    'gateway, the public door: there `/metrics` and `/internal/ops/*` answer only on its operator port',
    '(`OPS_PORT`), and the probes on both.',
    '',
  ];
  for (const service of services) {
    const own = service.config.filter((entry) => !commonNames.has(entry.key));
    lines.push(`## ${service.name} (port ${service.port})`, '');
    const facts = [
      service.database
        ? 'owns a database (`DATABASE_URL`, migrated by `bodega migrate up ' + service.name + '`)'
        : 'owns no database',
      service.calls.length > 0
        ? `calls ${service.calls.map((name) => `\`${name}\``).join(', ')} (its \`<SERVICE>_URL\` keys)`
        : undefined,
    ].filter(Boolean);
    lines.push(`It ${facts.join('; ')}.`, '');
    if (own.length === 0) lines.push('No keys of its own.', '');
    else lines.push(...table(own), '');
  }
  const options = await resolveConfig(referencePath);
  return format(lines.join('\n'), { ...options, parser: 'markdown' });
}

async function main(): Promise<void> {
  const text = await renderReference(await platformServices());
  if (process.argv.includes('--write')) {
    fs.mkdirSync(path.dirname(referencePath), { recursive: true });
    fs.writeFileSync(referencePath, text);
    process.stdout.write(`wrote ${path.relative(repoRoot, referencePath)}\n`);
  } else {
    process.stdout.write(text);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
