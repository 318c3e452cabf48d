/**
 * The Helm chart, rendered without helm (ADR 0007) with each values file it ships, validated against
 * the Kubernetes API schemas, and held to the platform as the code describes it: every service that
 * exists runs, with probes, limits, a non-root read-only container and a NetworkPolicy that admits
 * exactly the services whose config names it.
 */
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { validateObjects } from '../tools/kubernetes/validate.js';
import { platformServices, type PlatformService } from '../tools/platform.js';
import {
  chartDir,
  forService,
  objectsOf,
  render,
  valuesSets,
  type K8s,
  type ValuesSet,
} from './support/chart.js';

let services: PlatformService[];
beforeAll(async () => {
  services = await platformServices();
});

function containerOf(deployment: K8s): K8s {
  return deployment.spec.template.spec.containers[0];
}

function envOf(container: K8s): Map<string, K8s> {
  return new Map((container.env as K8s[]).map((entry) => [entry.name, entry]));
}

/** The default of a service's OPS_PORT: the port its operator routes listen on, apart (the gateway). */
function operatorPortOf(service: PlatformService): number | undefined {
  const port = service.config.find((entry) => entry.key === 'OPS_PORT')?.default;
  return typeof port === 'number' ? port : undefined;
}

/** The service names a NetworkPolicy admits from inside the release ('*' for every service). */
function admittedServices(policy: K8s): string[] {
  return (policy.spec.ingress as K8s[]).flatMap((rule) =>
    (rule.from as K8s[]).flatMap((peer) => {
      if (peer.namespaceSelector) return [];
      const expression = (peer.podSelector.matchExpressions as K8s[] | undefined)?.find(
        (entry) => entry.key === 'app.kubernetes.io/component',
      );
      if (expression) return expression.values as string[];
      return peer.podSelector.matchLabels?.['app.kubernetes.io/part-of'] === 'bodega' ? ['*'] : [];
    }),
  );
}

describe.each(Object.keys(valuesSets) as ValuesSet[])('the chart with the %s values', (set) => {
  const chart = render(set);

  it('renders only objects valid against the Kubernetes API schemas, unknown fields refused', async () => {
    const problems = await validateObjects(objectsOf(chart));
    expect(problems).toEqual([]);
  });

  it('runs every service of the platform and nothing else', () => {
    const deployed = objectsOf(chart, 'Deployment').map(
      (object) => object.metadata.labels['app.kubernetes.io/component'],
    );
    expect(deployed.sort()).toEqual(services.map((service) => service.name).sort());
    for (const service of services) {
      for (const kind of ['Service', 'PodDisruptionBudget', 'NetworkPolicy']) {
        expect(forService(chart, kind, service.name), `${kind} of ${service.name}`).toBeDefined();
      }
      expect(forService(chart, 'Service', service.name)?.spec.ports[0].port).toBe(service.port);
    }
  });

  it('gives every service liveness on /healthz, readiness on /readyz, requests and limits', () => {
    for (const service of services) {
      const container = containerOf(forService(chart, 'Deployment', service.name)!);
      expect(container.livenessProbe.httpGet.path, service.name).toBe('/healthz');
      expect(container.readinessProbe.httpGet.path, service.name).toBe('/readyz');
      expect(container.startupProbe.httpGet.path, service.name).toBe('/healthz');
      expect(container.ports[0].containerPort, service.name).toBe(service.port);
      expect(envOf(container).get('PORT')?.value, service.name).toBe(String(service.port));
      for (const side of ['requests', 'limits']) {
        expect(container.resources[side].cpu, `${service.name} ${side}`).toBeTruthy();
        expect(container.resources[side].memory, `${service.name} ${side}`).toBeTruthy();
      }
    }
  });

  it('runs every container as non-root on a read-only root file system, writing only to /tmp', () => {
    for (const service of services) {
      const pod = forService(chart, 'Deployment', service.name)!.spec.template.spec;
      const security = containerOf({ spec: { template: { spec: pod } } }).securityContext;
      expect(pod.securityContext.runAsNonRoot, service.name).toBe(true);
      expect(security).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(security.runAsUser).toBeGreaterThan(0);
      expect(pod.automountServiceAccountToken).toBe(false);
      expect(pod.volumes.find((volume: K8s) => volume.name === 'tmp').emptyDir).toBeDefined();
    }
  });

  it('spreads replicas over zones and nodes and rolls out with surge, never below capacity', () => {
    for (const service of services) {
      const deployment = forService(chart, 'Deployment', service.name)!;
      const keys = deployment.spec.template.spec.topologySpreadConstraints.map(
        (entry: K8s) => entry.topologyKey,
      );
      expect(keys).toEqual(['topology.kubernetes.io/zone', 'kubernetes.io/hostname']);
      expect(deployment.spec.strategy).toEqual({
        type: 'RollingUpdate',
        rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
      });
    }
  });

  it('scales with a HorizontalPodAutoscaler where autoscaling is on, with fixed replicas where it is off', () => {
    for (const service of services) {
      const deployment = forService(chart, 'Deployment', service.name)!;
      const autoscaler = forService(chart, 'HorizontalPodAutoscaler', service.name);
      if (set === 'dev') {
        expect(autoscaler).toBeUndefined();
        expect(deployment.spec.replicas).toBe(1);
      } else {
        expect(autoscaler?.spec.scaleTargetRef.name).toBe(deployment.metadata.name);
        expect(deployment.spec.replicas).toBeUndefined();
        expect(autoscaler?.spec.minReplicas).toBeGreaterThanOrEqual(2);
      }
    }
  });

  it('admits to each service only the services whose config calls it, and Prometheus to all', () => {
    for (const service of services) {
      const policy = forService(chart, 'NetworkPolicy', service.name)!;
      expect(policy.spec.policyTypes).toEqual(['Ingress']);
      const callers = services
        .filter((other) => other.calls.includes(service.name))
        .map((other) => other.name);
      const admitted = admittedServices(policy);
      if (admitted.includes('*'))
        expect(callers.sort()).toEqual(
          services
            .map((s) => s.name)
            .filter((n) => n !== service.name)
            .sort(),
        );
      else expect(admitted.sort(), service.name).toEqual(callers.sort());
      const fromOutside = (policy.spec.ingress as K8s[]).filter((rule) =>
        rule.from.some((peer: K8s) => peer.namespaceSelector),
      );
      const prometheus = fromOutside.filter(
        (rule) => rule.from[0].podSelector.matchLabels?.['app.kubernetes.io/name'] === 'prometheus',
      );
      expect(prometheus, `${service.name} scraped`).toHaveLength(1);
      // On the operator port of a service that has one, and there alone.
      const scraped = operatorPortOf(service) === undefined ? 'http' : 'ops';
      expect(prometheus[0]?.ports, service.name).toEqual([{ port: scraped, protocol: 'TCP' }]);
      // The ingress controller reaches the gateway and nothing else.
      expect(fromOutside.length, service.name).toBe(service.name === 'gateway' ? 2 : 1);
    }
  });

  it("opens the gateway's operator port (OPS_PORT) beside its public one, and no other service's", () => {
    for (const service of services) {
      const opsPort = operatorPortOf(service);
      const container = containerOf(forService(chart, 'Deployment', service.name)!);
      const ports = (forService(chart, 'Service', service.name)!.spec.ports as K8s[]).map(
        (port) => port.name,
      );
      if (opsPort === undefined) {
        expect(
          container.ports.map((port: K8s) => port.name),
          service.name,
        ).toEqual(['http']);
        expect(ports, service.name).toEqual(['http']);
        continue;
      }
      expect(container.ports).toContainEqual({ name: 'ops', containerPort: opsPort, protocol: 'TCP' });
      expect(envOf(container).get('OPS_PORT')?.value).toBe(String(opsPort));
      expect(ports).toEqual(['http', 'ops']);
    }
    expect(services.some((service) => operatorPortOf(service) !== undefined)).toBe(true);
  });

  it('hands every service the URL of each service it calls', () => {
    const config = objectsOf(chart, 'ConfigMap')[0]!.data as Record<string, string>;
    for (const service of services) {
      for (const callee of service.calls) {
        const target = services.find((other) => other.name === callee)!;
        expect(config[`${callee.toUpperCase()}_URL`]).toBe(`http://bodega-${callee}:${target.port}`);
      }
    }
    expect(config.HOST).toBe('0.0.0.0');
  });

  it('gives each service with a database its own DATABASE_URL from the Secret', () => {
    for (const service of services) {
      const env = envOf(containerOf(forService(chart, 'Deployment', service.name)!));
      if (service.database) {
        expect(env.get('DATABASE_URL')?.valueFrom.secretKeyRef).toEqual({
          name: 'bodega-secrets',
          key: `${service.name.toUpperCase()}_DATABASE_URL`,
        });
      } else {
        expect(env.has('DATABASE_URL')).toBe(false);
      }
    }
    const identity = forService(chart, 'Deployment', 'identity')!;
    expect(envOf(containerOf(identity)).get('JWT_PRIVATE_KEY_FILE')?.value).toMatch(/^\/var\/run\/secrets\//);
  });

  it('gives each service its own service-token key from the Secret, and the public keys of all (ADR 0016)', () => {
    for (const service of services) {
      const env = envOf(containerOf(forService(chart, 'Deployment', service.name)!));
      expect(env.get('SERVICE_PRIVATE_KEY')?.valueFrom.secretKeyRef, service.name).toEqual({
        name: 'bodega-secrets',
        key: `${service.name.toUpperCase()}_SERVICE_PRIVATE_KEY`,
      });
      expect(env.get('SERVICE_PUBLIC_KEYS')?.valueFrom.secretKeyRef, service.name).toEqual({
        name: 'bodega-secrets',
        key: 'SERVICE_PUBLIC_KEYS',
      });
      expect(env.has('SERVICE_TOKEN_SECRET'), service.name).toBe(false);
    }
  });

  it('migrates every database before install and upgrade, reading only the Secret', () => {
    const job = objectsOf(chart, 'Job').find((object) => object.metadata.name === 'bodega-migrate')!;
    expect(job.metadata.annotations['helm.sh/hook']).toBe('pre-install,pre-upgrade');
    const container = containerOf(job);
    const script = container.args[0] as string;
    const migrated = /for service in ([a-z ]+);/.exec(script)?.[1]?.split(' ') ?? [];
    expect(migrated.sort()).toEqual(
      services
        .filter((s) => s.database)
        .map((s) => s.name)
        .sort(),
    );
    expect(container.envFrom).toBeUndefined();
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
  });

  it('lets the outside world in only through the gateway', () => {
    const ingresses = objectsOf(chart, 'Ingress');
    expect(ingresses).toHaveLength(1);
    expect(ingresses[0]!.spec.rules[0].http.paths[0].backend.service.name).toBe('bodega-gateway');
    for (const service of objectsOf(chart, 'Service')) expect(service.spec.type).toBe('ClusterIP');
  });
});

describe('the chart in production', () => {
  it('serves TLS and lets the Prometheus Operator scrape every service', () => {
    const chart = render('prod');
    expect(objectsOf(chart, 'Ingress')[0]!.spec.tls[0].secretName).toBe('bodega-tls');
    // Every service on its own port but the gateway, which is scraped on its operator port alone.
    const [own, operator, ...more] = objectsOf(chart, 'ServiceMonitor');
    expect(more).toEqual([]);
    expect(own!.spec.endpoints).toMatchObject([{ port: 'http', path: '/metrics' }]);
    expect(own!.spec.selector.matchExpressions).toEqual([
      { key: 'app.kubernetes.io/component', operator: 'NotIn', values: ['gateway'] },
    ]);
    expect(operator!.spec.endpoints).toMatchObject([{ port: 'ops', path: '/metrics' }]);
    expect(operator!.spec.selector.matchExpressions).toEqual([
      { key: 'app.kubernetes.io/component', operator: 'In', values: ['gateway'] },
    ]);
    expect(
      objectsOf(chart, 'Deployment')[0]!.spec.template.spec.topologySpreadConstraints[0].whenUnsatisfiable,
    ).toBe('DoNotSchedule');
  });
});

describe('the synthetic probe', () => {
  it('is off by default', () => {
    expect(objectsOf(render('default'), 'CronJob')).toEqual([]);
  });

  it('runs `bodega probe` on a schedule in production, through the public address, as its own account', () => {
    const chart = render('prod');
    const [cronJob] = objectsOf(chart, 'CronJob');
    const pod = cronJob!.spec.jobTemplate.spec.template.spec;
    expect(cronJob!.spec).toMatchObject({ schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' });
    expect(pod.containers[0].command).toEqual([
      'node',
      '/app/apps/cli/dist/main.js',
      'probe',
      '--url',
      'https://shop.example.com',
    ]);
    expect(envOf(pod.containers[0]).get('PROBE_PASSWORD')!.valueFrom.secretKeyRef.name).toBe(
      'bodega-probe-account',
    );
    expect(pod.restartPolicy).toBe('Never');
  });

  it('reaches the in-cluster gateway when no address is given, which admits the probe pods', () => {
    const chart = render('default', { values: { probe: { enabled: true, checkout: true } } });
    const pod = objectsOf(chart, 'CronJob')[0]!.spec.jobTemplate.spec.template.spec;
    expect(pod.containers[0].command.slice(3)).toEqual(['--url', 'http://bodega-gateway:8080', '--checkout']);
    const gatewayPolicy = forService(chart, 'NetworkPolicy', 'gateway')!;
    const admitsProbe = (gatewayPolicy.spec.ingress as K8s[]).some((rule) =>
      (rule.from as K8s[]).some(
        (peer) => peer.podSelector?.matchLabels?.['app.kubernetes.io/component'] === 'probe',
      ),
    );
    expect(admitsProbe).toBe(true);
  });
});

describe('bad values', () => {
  it('stop the render with a message naming the missing Secret', () => {
    expect(() => render('default', { values: { secrets: { existingSecret: '' } } })).toThrow(
      /secrets\.existingSecret: name the Secret/,
    );
  });

  it('that produce an invalid object fail validation, naming the object and the field', async () => {
    const chart = render('default', { values: { services: { catalog: { port: 'eighty' } } } });
    const problems = await validateObjects(objectsOf(chart));
    expect(problems).toContainEqual({
      object: 'Deployment/bodega-catalog',
      message: expect.stringMatching(/containerPort must be integer/),
    });
  });

  it('with a misspelled field are refused by the strict pass', async () => {
    const chart = render('default', {
      values: { defaults: { rollingUpdate: { maxSurge: 1, maxUnavailabel: 0 } } },
    });
    const problems = await validateObjects(objectsOf(chart));
    expect(problems.some((problem) => /maxUnavailabel/.test(problem.message))).toBe(true);
  });
});

describe('service-token public keys', () => {
  it('come from values when given there: public, so reviewable in git', () => {
    const publicKeys = 'gateway:' + 'A'.repeat(43) + ',orders:' + 'B'.repeat(43);
    const chart = render('default', { values: { serviceKeys: { publicKeys } } });
    for (const deployment of objectsOf(chart, 'Deployment')) {
      const env = envOf(containerOf(deployment));
      expect(env.get('SERVICE_PUBLIC_KEYS')).toEqual({ name: 'SERVICE_PUBLIC_KEYS', value: publicKeys });
      expect(env.get('SERVICE_PRIVATE_KEY')?.valueFrom.secretKeyRef.name).toBe('bodega-secrets');
    }
  });
});

const helm = (() => {
  try {
    execFileSync('helm', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// The renderer's fidelity, checked against helm itself wherever helm is installed (not on CI here).
describe.runIf(helm)('helm itself', () => {
  it.each(Object.keys(valuesSets) as ValuesSet[])(
    'renders the same objects as deploy/tools/helm with %s values',
    (set) => {
      const args = [
        'template',
        'bodega',
        chartDir,
        '--namespace',
        'bodega',
        ...valuesSets[set].flatMap((file) => ['-f', file]),
      ];
      const output = execFileSync('helm', args, { encoding: 'utf8' });
      const theirs = parseAllDocuments(output, { version: '1.1' })
        .map((document) => document.toJS() as K8s | null)
        .filter((object): object is K8s => object !== null);
      const ours = objectsOf(render(set));
      const key = (object: K8s) => `${String(object.kind)}/${String(object.metadata.name)}`;
      expect(new Map(ours.map((object) => [key(object), object]))).toEqual(
        new Map(theirs.map((object) => [key(object), object])),
      );
    },
  );
});
