import path from 'node:path';
import { renderChart, type RenderedChart, type RenderOptions } from '../../tools/helm/chart.js';
import { repoRoot } from '../../tools/platform.js';

export const chartDir = path.join(repoRoot, 'deploy', 'helm', 'bodega');

/** The values sets the chart ships: its defaults, then each environment's file over them. */
export const valuesSets = {
  default: [],
  dev: [path.join(chartDir, 'values-dev.yaml')],
  prod: [path.join(chartDir, 'values-prod.yaml')],
} as const satisfies Record<string, string[]>;

export type ValuesSet = keyof typeof valuesSets;

export function render(set: ValuesSet, options: RenderOptions = {}): RenderedChart {
  return renderChart(chartDir, {
    releaseName: 'bodega',
    namespace: 'bodega',
    ...options,
    valuesFiles: [...valuesSets[set]],
  });
}

// Rendered objects are plain JSON from YAML; tests read into them freely.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8s = Record<string, any>;

export function objectsOf(chart: RenderedChart, kind?: string): K8s[] {
  return chart.manifests
    .map((manifest) => manifest.object as K8s)
    .filter((object) => !kind || object.kind === kind);
}

/** The object of `kind` that belongs to one service (by its component label). */
export function forService(chart: RenderedChart, kind: string, service: string): K8s | undefined {
  return objectsOf(chart, kind).find(
    (object) => object.metadata?.labels?.['app.kubernetes.io/component'] === service,
  );
}
