/**
 * Validates Kubernetes objects offline, in two passes (ADR 0007):
 *
 * 1. Schema: each object against the JSON schema of its kind, generated from the Kubernetes OpenAPI
 *    document and shipped, precompiled, by the `kubernetes-models` package (Kubernetes 1.33; the
 *    Prometheus Operator CRDs from `@kubernetes-models/prometheus-operator`). Types, enums, formats,
 *    required fields. A kind without a schema is an error, never skipped.
 * 2. Strict: the OpenAPI schemas allow unknown fields (the API server drops or refuses them later),
 *    so a misspelled `readinesProbe` passes pass 1. The same package ships TypeScript types generated
 *    from the same OpenAPI document; type-checking every object as an object literal of its kind makes
 *    the compiler report every unknown field, as `kubeconform -strict` would.
 *
 * Plus what the API server checks by name rather than by schema: object names and label syntax.
 */
import path from 'node:path';
import ts from 'typescript';
import { repoRoot } from '../platform.js';

export interface KubernetesObject {
  apiVersion?: unknown;
  kind?: unknown;
  metadata?: { name?: unknown; labels?: Record<string, unknown> } & Record<string, unknown>;
  [key: string]: unknown;
}

/** One problem with one object, named so that a reader finds it: `Deployment/bodega-catalog: ...`. */
export interface Problem {
  object: string;
  message: string;
}

interface Model {
  validate(): void;
}
type ModelClass = new (data: unknown) => Model;

/** Where the generated model of a group lives: core and built-in groups, then the CRDs we render. */
function modulePath(apiVersion: string, kind: string): string | undefined {
  if (!/^[a-z0-9.-]*\/?v[0-9a-z]+$/.test(apiVersion) || !/^[A-Z][A-Za-z0-9]*$/.test(kind)) return undefined;
  if (apiVersion.startsWith('monitoring.coreos.com/'))
    return `@kubernetes-models/prometheus-operator/${apiVersion}/${kind}`;
  return `kubernetes-models/${apiVersion}/${kind}`;
}

function label(object: KubernetesObject): string {
  const name = typeof object.metadata?.name === 'string' ? object.metadata.name : '(unnamed)';
  return `${String(object.kind)}/${name}`;
}

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const dns1035Label = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/** The name and label rules the API server applies (apimachinery validation), which no schema states. */
function nameProblems(object: KubernetesObject): string[] {
  const problems: string[] = [];
  const name = object.metadata?.name;
  if (typeof name !== 'string' || name.length === 0) return ['metadata.name is required'];
  if (name.length > 253 || !dns1123Subdomain.test(name))
    problems.push(`name '${name}' is not a DNS-1123 subdomain`);
  if (object.kind === 'Service' && (name.length > 63 || !dns1035Label.test(name))) {
    problems.push(`Service name '${name}' is not a DNS-1035 label (at most 63 characters)`);
  }
  for (const [key, value] of Object.entries(object.metadata?.labels ?? {})) {
    if (typeof value !== 'string' || value.length > 63 || !labelValue.test(value)) {
      problems.push(`label ${key}=${String(value)} is not a valid label value`);
    }
  }
  return problems;
}

/** Pass 1 and the name rules: every object against the schema of its apiVersion and kind. */
export async function validateSchemas(objects: KubernetesObject[]): Promise<Problem[]> {
  return (await schemaPass(objects)).problems;
}

async function schemaPass(
  objects: KubernetesObject[],
): Promise<{ problems: Problem[]; known: KubernetesObject[] }> {
  const problems: Problem[] = [];
  const known: KubernetesObject[] = [];
  for (const object of objects) {
    const where = label(object);
    const specifier = modulePath(String(object.apiVersion), String(object.kind));
    let Model: ModelClass | undefined;
    if (specifier) {
      try {
        const module = (await import(specifier)) as Record<string, unknown>;
        Model = module[String(object.kind)] as ModelClass | undefined;
      } catch {
        Model = undefined;
      }
    }
    if (!Model) {
      problems.push({
        object: where,
        message: `no schema for ${String(object.apiVersion)} ${String(object.kind)}`,
      });
      continue;
    }
    known.push(object);
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push({ object: where, message: (error as Error).message });
    }
    for (const message of nameProblems(object)) problems.push({ object: where, message });
  }
  return { problems, known };
}

/**
 * Pass 2: unknown fields (and types again), by type-checking each object against its generated type.
 * The compiler reports the first problem it finds in an object, so a second one shows after the first
 * is fixed. Objects of kinds without a model must be left out (pass 1 reports them).
 */
export function checkUnknownFields(objects: KubernetesObject[]): Problem[] {
  const file = path.join(repoRoot, 'deploy', 'tools', 'kubernetes', '__strict_check__.ts');
  const imports = new Map<string, string>();
  const lines: string[] = [];
  objects.forEach((object, index) => {
    const specifier = modulePath(String(object.apiVersion), String(object.kind));
    if (!specifier) return;
    const alias = `T${imports.size}`;
    if (!imports.has(specifier)) imports.set(specifier, alias);
    lines.push(`export const o${index}: ${imports.get(specifier) ?? alias} = ${JSON.stringify(object)};`);
  });
  const source = [
    ...[...imports].map(
      ([specifier, alias]) =>
        `import type { I${specifier.split('/').at(-1) ?? ''} as ${alias} } from '${specifier}';`,
    ),
    ...lines,
  ].join('\n');
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    types: [],
    lib: ['lib.es2022.d.ts'],
  };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, language, ...rest) =>
    name === file ? ts.createSourceFile(name, source, language) : getSourceFile(name, language, ...rest);
  host.fileExists = (name) => name === file || fileExists(name);
  const program = ts.createProgram([file], options, host);
  const sourceFile = program.getSourceFile(file);
  return ts.getPreEmitDiagnostics(program, sourceFile).map((diagnostic) => {
    const line =
      diagnostic.file && diagnostic.start !== undefined
        ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line
        : -1;
    const statement = source.split('\n')[line] ?? '';
    const index = /^export const o(\d+):/.exec(statement)?.[1];
    const object = index === undefined ? undefined : objects[Number(index)];
    return {
      object: object ? label(object) : 'strict check',
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n').split('\n').at(-1) ?? '',
    };
  });
}

/** Both passes; an empty list means every object is valid. */
export async function validateObjects(objects: KubernetesObject[]): Promise<Problem[]> {
  const { problems, known } = await schemaPass(objects);
  return [...problems, ...checkUnknownFields(known)];
}
