/**
 * `helm template` for the Bodega chart, without helm (ADR 0007): loads Chart.yaml and the values files
 * (later files override earlier ones as with `-f`), renders every template with the Go template subset
 * of parse.ts/execute.ts, splits the output into documents and parses them as Kubernetes reads YAML.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { Executor } from './execute.js';
import { parseTemplate, type Node } from './parse.js';
import { GoStruct, isMap, type GoMap } from './values.js';

export interface RenderOptions {
  /** Values files applied over the chart's values.yaml, in order (helm's `-f`). */
  valuesFiles?: string[];
  /** Values applied last, as a parsed object (what `--set` would give). */
  values?: GoMap;
  releaseName?: string;
  namespace?: string;
  /** `.Release.IsUpgrade` instead of `.Release.IsInstall`. */
  upgrade?: boolean;
}

/** One rendered Kubernetes object and the template that produced it. */
export interface Manifest {
  template: string;
  object: Record<string, unknown>;
}

export interface RenderedChart {
  manifests: Manifest[];
  notes: string;
  values: GoMap;
}

/** Kubernetes and Helm read YAML as YAML 1.1 (go-yaml v2); duplicate keys are an error. */
function readYaml(text: string, source: string): unknown {
  try {
    return parse(text, { version: '1.1', uniqueKeys: true, prettyErrors: true }) as unknown;
  } catch (error) {
    throw new Error(`${source}: ${(error as Error).message}`);
  }
}

/**
 * Helm's coalescing of values: maps merge key by key, anything else from the override replaces the
 * default, and a null in the override deletes the key.
 */
export function mergeValues(base: GoMap, override: GoMap): GoMap {
  const result = new Map(Object.entries(base));
  for (const [key, value] of Object.entries(override)) {
    const current = result.get(key);
    if (value === null) result.delete(key);
    else if (isMap(value) && isMap(current)) result.set(key, mergeValues(current, value));
    else result.set(key, value);
  }
  return Object.fromEntries(result);
}

function loadValues(file: string): GoMap {
  const values = readYaml(fs.readFileSync(file, 'utf8'), file) ?? {};
  if (!isMap(values)) throw new Error(`${file}: values must be a map`);
  return values;
}

function templateFiles(dir: string, prefix = ''): string[] {
  return fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .flatMap((entry) => {
      const relative = path.posix.join(prefix, entry.name);
      return entry.isDirectory() ? templateFiles(dir, relative) : [relative];
    })
    .sort();
}

/** Helm's split of a rendered file into documents (releaseutil.SplitManifests). */
function splitDocuments(text: string): string[] {
  return text.split(/(?:^|\s*\n)---\s*/).filter((doc) => doc.trim().length > 0);
}

/** Renders the chart in `chartDir` as `helm template <release> <chartDir> -f ...` would. */
export function renderChart(chartDir: string, options: RenderOptions = {}): RenderedChart {
  const chart = readYaml(fs.readFileSync(path.join(chartDir, 'Chart.yaml'), 'utf8'), 'Chart.yaml');
  if (!isMap(chart) || typeof chart.name !== 'string') throw new Error('Chart.yaml: name is required');
  const chartName = chart.name;
  let values = loadValues(path.join(chartDir, 'values.yaml'));
  for (const file of options.valuesFiles ?? []) values = mergeValues(values, loadValues(file));
  if (options.values) values = mergeValues(values, options.values);

  const templatesDir = path.join(chartDir, 'templates');
  const templates = new Map<string, Node[]>();
  const files: string[] = [];
  for (const file of templateFiles(templatesDir)) {
    const name = `${chartName}/templates/${file}`;
    const parsed = parseTemplate(name, fs.readFileSync(path.join(templatesDir, file), 'utf8'));
    templates.set(name, parsed.root);
    for (const [defined, body] of parsed.defines) {
      if (templates.has(defined)) throw new Error(`${name}: template "${defined}" is defined twice`);
      templates.set(defined, body);
    }
    files.push(name);
  }

  const release = new GoStruct('*chart.Release', {
    Name: options.releaseName ?? 'bodega',
    Namespace: options.namespace ?? 'default',
    Service: 'Helm',
    IsInstall: !options.upgrade,
    IsUpgrade: Boolean(options.upgrade),
    Revision: options.upgrade ? 2 : 1,
  });
  const chartObject = new GoStruct('*chart.Metadata', {
    Name: chartName,
    Version: chart.version,
    AppVersion: chart.appVersion,
    Description: chart.description,
    Type: chart.type,
  });
  const executor = new Executor(templates);
  const manifests: Manifest[] = [];
  let notes = '';
  for (const name of files) {
    const base = path.posix.basename(name);
    // Files starting with an underscore hold definitions only (Helm renders nothing from them).
    if (base.startsWith('_')) continue;
    const top = {
      Values: values,
      Release: release,
      Chart: chartObject,
      Template: new GoStruct('chartutil.Template', { Name: name, BasePath: `${chartName}/templates` }),
    };
    const output = executor.run(name, top);
    if (base === 'NOTES.txt') {
      notes = output;
      continue;
    }
    for (const document of splitDocuments(output)) {
      const object = readYaml(document, name);
      if (object === null || object === undefined) continue;
      if (!isMap(object)) throw new Error(`${name}: a rendered document is not a map`);
      manifests.push({ template: name, object });
    }
  }
  return { manifests, notes, values };
}

/** Every document of a multi-document YAML text (compose files, plain manifests), parsed as Kubernetes does. */
export function readYamlDocuments(text: string, source: string): unknown[] {
  return parseAllDocuments(text, { version: '1.1', uniqueKeys: true }).map((document) => {
    if (document.errors.length > 0)
      throw new Error(`${source}: ${document.errors[0]?.message ?? 'bad YAML'}`);
    return document.toJS() as unknown;
  });
}

/** Renders one template text with `data` as dot: the engine alone, for tests and experiments. */
export function renderTemplate(source: string, data: unknown, name = 'inline'): string {
  const parsed = parseTemplate(name, source);
  const templates = new Map<string, Node[]>([[name, parsed.root], ...parsed.defines]);
  return new Executor(templates).run(name, data);
}
