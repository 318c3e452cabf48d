/**
 * The Compose stack against the platform as the code describes it: every service that exists runs,
 * healthy-checked, limited and unprivileged, after the migrations and after the services it calls;
 * its config points at the other containers; Prometheus scrapes it; no secret is written in the file.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createServiceAuth } from '@bodega/auth';
import { fillEnv, generateSecret, publicKeyOf } from '../compose/init-env.js';
import { platformServices, repoRoot, type PlatformService } from '../tools/platform.js';
import type { K8s } from './support/chart.js';

const composeDir = path.join(repoRoot, 'deploy', 'compose');
const composeFile = path.join(composeDir, 'docker-compose.yml');
const text = fs.readFileSync(composeFile, 'utf8');
// YAML 1.1 with merge keys (<<), as docker-compose reads it.
const compose = parse(text, { version: '1.1', merge: true }) as {
  services: Record<string, K8s>;
};

let services: PlatformService[];
beforeAll(async () => {
  services = await platformServices();
});

const environmentOf = (name: string) => (compose.services[name]?.environment ?? {}) as Record<string, string>;

describe('the Compose stack', () => {
  it('runs every service of the platform', () => {
    for (const service of services) {
      expect(compose.services[service.name], service.name).toBeDefined();
      expect(environmentOf(service.name).SERVICE).toBe(service.name);
      expect(environmentOf(service.name).PORT).toBe(String(service.port));
    }
  });

  it('checks every service health and limits its memory and CPU', () => {
    for (const service of services) {
      const container = compose.services[service.name]!;
      expect(container.healthcheck.test, service.name).toEqual([
        'CMD',
        'node',
        '/app/deploy/docker/healthcheck.mjs',
      ]);
      expect(container.mem_limit, service.name).toMatch(/^\d+m$/);
      expect(container.cpus, service.name).toBeGreaterThan(0);
    }
  });

  it('runs every service unprivileged on a read-only root file system', () => {
    for (const service of services) {
      const container = compose.services[service.name]!;
      expect(container.user).toBe('1000:1000');
      expect(container.read_only).toBe(true);
      expect(container.tmpfs).toEqual(['/tmp']);
      expect(container.cap_drop).toEqual(['ALL']);
      expect(container.security_opt).toContain('no-new-privileges:true');
    }
  });

  it('starts a service after the migrations and after every service it calls is healthy', () => {
    for (const service of services) {
      const dependsOn = compose.services[service.name]!.depends_on as Record<string, { condition: string }>;
      if (service.database) {
        expect(dependsOn.migrate, service.name).toEqual({ condition: 'service_completed_successfully' });
      }
      for (const callee of service.calls) {
        expect(dependsOn[callee], `${service.name} waits for ${callee}`).toEqual({
          condition: 'service_healthy',
        });
      }
    }
  });

  it('migrates exactly the databases of the services that own one, in databases the init script creates', () => {
    const owners = services
      .filter((service) => service.database)
      .map((service) => service.name)
      .sort();
    const migrate = compose.services.migrate!;
    const migrated = /for service in ([a-z ]+);/.exec(migrate.command[0] as string)?.[1]?.split(' ') ?? [];
    expect(migrated.sort()).toEqual(owners);
    expect(migrate.depends_on.postgres).toEqual({ condition: 'service_healthy' });
    expect((environmentOf('postgres').BODEGA_DATABASES ?? '').split(' ').sort()).toEqual(owners);
    for (const owner of owners)
      expect(environmentOf(owner).DATABASE_URL).toMatch(new RegExp(`@postgres:5432/bodega_${owner}$`));
  });

  it('points every <SERVICE>_URL a service reads at that service container', () => {
    for (const service of services) {
      for (const callee of service.calls) {
        const port = services.find((other) => other.name === callee)!.port;
        expect(environmentOf(service.name)[`${callee.toUpperCase()}_URL`], service.name).toBe(
          `http://${callee}:${port}`,
        );
      }
      expect(environmentOf(service.name).REDIS_URL).toBe('redis://redis:6379');
      expect(environmentOf(service.name).AMQP_URL).toMatch(/@rabbitmq:5672$/);
      expect(environmentOf(service.name).OTEL_EXPORTER_OTLP_ENDPOINT).toBe('http://otel-collector:4318');
    }
  });

  it('publishes only the gateway among the services, and only on loopback', () => {
    for (const service of services) {
      const ports = (compose.services[service.name]!.ports ?? []) as string[];
      expect(ports, service.name).toEqual(service.name === 'gateway' ? ['127.0.0.1:8080:8080'] : []);
    }
    for (const [name, container] of Object.entries(compose.services)) {
      for (const port of (container.ports ?? []) as string[]) expect(port, name).toMatch(/^127\.0\.0\.1:/);
    }
  });

  it('writes no secret into the file: every secret comes from .env and is required there', () => {
    const secretLines = text.split('\n').filter((line) => /(PASSWORD|SECRET|PRIVATE_KEY|PASS):/.test(line));
    expect(secretLines.length).toBeGreaterThan(0);
    for (const line of secretLines) expect(line).toMatch(/\$\{[A-Z_]+:\?/);
  });

  it('has Prometheus scrape every service and load the alert rules folder', () => {
    const prometheus = parse(
      fs.readFileSync(path.join(repoRoot, 'deploy', 'observability', 'prometheus', 'prometheus.yml'), 'utf8'),
    ) as { rule_files: string[]; scrape_configs: { static_configs: { targets: string[] }[] }[] };
    const targets = prometheus.scrape_configs.flatMap((job) =>
      job.static_configs.flatMap((group) => group.targets),
    );
    for (const service of services) {
      // A service with an operator port (the gateway) serves /metrics there alone.
      const opsPort = service.config.find((entry) => entry.key === 'OPS_PORT')?.default as number | undefined;
      if (opsPort === undefined) expect(targets).toContain(`${service.name}:${service.port}`);
      else {
        expect(targets).toContain(`${service.name}:${opsPort}`);
        expect(targets).not.toContain(`${service.name}:${service.port}`);
        expect(environmentOf(service.name).OPS_PORT).toBe(String(opsPort));
      }
    }
    expect(prometheus.rule_files).toEqual(['rules/*.yml']);
  });

  it('provisions Grafana with Prometheus and the dashboards folder', () => {
    const grafana = compose.services.grafana!;
    expect(grafana.volumes).toContain('../observability/grafana/dashboards:/var/lib/grafana/dashboards:ro');
    const provider = parse(
      fs.readFileSync(
        path.join(composeDir, 'grafana', 'provisioning', 'dashboards', 'dashboards.yml'),
        'utf8',
      ),
    ) as { providers: { options: { path: string } }[] };
    expect(provider.providers[0]!.options.path).toBe('/var/lib/grafana/dashboards');
  });
});

describe('service-token keys in the Compose stack (ADR 0016)', () => {
  it('give each service its own private key and every service the same public keys', () => {
    for (const service of services) {
      const key = service.name.toUpperCase();
      expect(environmentOf(service.name).SERVICE_PRIVATE_KEY, service.name).toBe(
        `\${${key}_SERVICE_PRIVATE_KEY:?set ${key}_SERVICE_PRIVATE_KEY in deploy/compose/.env (make local-env)}`,
      );
      expect(environmentOf(service.name).SERVICE_PUBLIC_KEYS, service.name).toMatch(
        /^\$\{SERVICE_PUBLIC_KEYS:\?/,
      );
      expect(environmentOf(service.name).SERVICE_TOKEN_SECRET, service.name).toBeUndefined();
    }
  });

  it('are generated by make local-env: the public keys those of the private keys, which sign and verify', async () => {
    const filled = fillEnv(fs.readFileSync(path.join(composeDir, '.env.example'), 'utf8'), generateSecret);
    const value = (key: string) => new RegExp(`^${key}=(.*)$`, 'm').exec(filled)?.[1] ?? '';
    const publicKeys = value('SERVICE_PUBLIC_KEYS');
    const holders = [...services.map((service) => service.name), 'cli'];
    expect(
      publicKeys
        .split(',')
        .map((entry) => entry.split(':')[0])
        .sort(),
    ).toEqual([...holders].sort());
    for (const name of holders) {
      const privateKey = value(`${name.toUpperCase()}_SERVICE_PRIVATE_KEY`);
      expect(privateKey, name).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(publicKeys).toContain(`${name}:${publicKeyOf(privateKey)}`);
    }
    // The keys work as the services use them: orders' token verifies at payments.
    const payments = createServiceAuth({
      service: 'payments',
      privateKey: value('PAYMENTS_SERVICE_PRIVATE_KEY'),
      publicKeys,
    });
    const orders = createServiceAuth({
      service: 'orders',
      privateKey: value('ORDERS_SERVICE_PRIVATE_KEY'),
      publicKeys,
    });
    const token = await orders.signer.token('payments');
    await expect(
      payments.allow('orders')({ headers: { 'x-service-token': token } }),
    ).resolves.toBeUndefined();
  });
});

describe('make local-env', () => {
  it('fills every empty key of .env.example with a fresh secret and keeps the rest', () => {
    const example = 'A=\n# comment\nB=given\nJWT_PRIVATE_KEY=\n';
    const filled = fillEnv(example, generateSecret);
    const lines = filled.split('\n');
    expect(lines[0]).toMatch(/^A=[A-Za-z0-9_-]{32}$/);
    expect(lines.slice(1, 3)).toEqual(['# comment', 'B=given']);
    // One line, newlines escaped: identity turns \n back into newlines.
    expect(lines[3]).toMatch(
      /^JWT_PRIVATE_KEY=-----BEGIN PRIVATE KEY-----\\n.+\\n-----END PRIVATE KEY-----$/,
    );
    expect(fillEnv(example, generateSecret)).not.toBe(filled);
  });

  it('leaves no value of the committed example filled in', () => {
    const example = fs.readFileSync(path.join(composeDir, '.env.example'), 'utf8');
    for (const key of [
      'POSTGRES_PASSWORD',
      'RABBITMQ_PASSWORD',
      'SERVICE_PUBLIC_KEYS',
      ...services.map((service) => `${service.name.toUpperCase()}_SERVICE_PRIVATE_KEY`),
      'CLI_SERVICE_PRIVATE_KEY',
      'JWT_PRIVATE_KEY',
      'ADMIN_PASSWORD',
    ]) {
      expect(example).toMatch(new RegExp(`^${key}=$`, 'm'));
    }
  });
});

const dockerCompose = (() => {
  try {
    execFileSync('docker-compose', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.runIf(dockerCompose)('docker-compose config', () => {
  it('accepts the file with generated secrets and refuses it without them', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-compose-'));
    const env = path.join(dir, '.env');
    fs.writeFileSync(
      env,
      fillEnv(fs.readFileSync(path.join(composeDir, '.env.example'), 'utf8'), generateSecret),
    );
    execFileSync('docker-compose', ['-f', composeFile, '--env-file', env, 'config', '-q'], { stdio: 'pipe' });
    expect(() =>
      execFileSync(
        'docker-compose',
        ['-f', composeFile, '--env-file', path.join(composeDir, '.env.example'), 'config', '-q'],
        {
          stdio: 'pipe',
        },
      ),
    ).toThrow(/set [A-Z_]+ in deploy\/compose\/\.env/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
