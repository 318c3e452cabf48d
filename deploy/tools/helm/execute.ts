/**
 * Executes parsed templates with Go's text/template semantics for the supported subset: dot and `$`,
 * variables scoped to their control structure, maps ranged in key order, `and`/`or` short-circuiting,
 * and missing map keys rendering as nothing (Helm's missingkey=zero plus its "<no value>" removal),
 * while a field of nil or of a struct that lacks it is an error, as in Helm.
 */
import { FunctionError, functions } from './functions.js';
import { TemplateError, type Node, type Operand, type Pipeline } from './parse.js';
import { formatValue, GoStruct, goType, isMap, isTrue } from './values.js';

/** Helm refuses deeper include recursion than this. */
const maxDepth = 1000;

class Scope {
  private readonly variables = new Map<string, unknown>();
  constructor(private readonly parent?: Scope) {}

  declare(name: string, value: unknown): void {
    this.variables.set(name, value);
  }

  assign(name: string, value: unknown): boolean {
    if (this.variables.has(name)) {
      this.variables.set(name, value);
      return true;
    }
    return this.parent?.assign(name, value) ?? false;
  }

  lookup(name: string): { found: boolean; value?: unknown } {
    if (this.variables.has(name)) return { found: true, value: this.variables.get(name) };
    return this.parent?.lookup(name) ?? { found: false };
  }
}

/** Renders the named templates of a chart; one instance per chart render. */
export class Executor {
  private depth = 0;

  constructor(private readonly templates: ReadonlyMap<string, Node[]>) {}

  /** Renders `name` with `data` as both dot and `$`. */
  run(name: string, data: unknown, source = name): string {
    const nodes = this.templates.get(name);
    if (!nodes) throw new TemplateError(source, 0, `no template "${name}"`);
    if (++this.depth > maxDepth) throw new TemplateError(source, 0, 'rendering too deep (include loop?)');
    try {
      const scope = new Scope();
      scope.declare('$', data);
      return this.list(nodes, data, scope, name);
    } finally {
      this.depth -= 1;
    }
  }

  private list(nodes: Node[], dot: unknown, scope: Scope, template: string): string {
    let out = '';
    for (const node of nodes) out += this.node(node, dot, scope, template);
    return out;
  }

  private node(node: Node, dot: unknown, scope: Scope, template: string): string {
    switch (node.type) {
      case 'text':
        return node.text;
      case 'action': {
        const value = this.pipeline(node.pipe, dot, scope, template, node.line);
        return node.pipe.decl ? '' : formatValue(value);
      }
      case 'if': {
        for (const branch of node.branches) {
          const inner = new Scope(scope);
          if (isTrue(this.pipeline(branch.cond, dot, inner, template, node.line))) {
            return this.list(branch.body, dot, inner, template);
          }
        }
        return node.otherwise ? this.list(node.otherwise, dot, new Scope(scope), template) : '';
      }
      case 'with': {
        const inner = new Scope(scope);
        const value = this.pipeline(node.pipe, dot, inner, template, node.line);
        if (isTrue(value)) return this.list(node.body, value, inner, template);
        return node.otherwise ? this.list(node.otherwise, dot, new Scope(scope), template) : '';
      }
      case 'range':
        return this.range(node, dot, scope, template);
      case 'template': {
        const data = node.pipe ? this.pipeline(node.pipe, dot, scope, template, node.line) : undefined;
        return this.run(node.name, data, template);
      }
    }
  }

  private range(
    node: Extract<Node, { type: 'range' }>,
    dot: unknown,
    scope: Scope,
    template: string,
  ): string {
    const names = node.pipe.decl?.names ?? [];
    const pipe: Pipeline = { commands: node.pipe.commands };
    const value = this.pipeline(pipe, dot, scope, template, node.line);
    let entries: [unknown, unknown][];
    if (value === undefined || value === null) entries = [];
    else if (Array.isArray(value)) entries = value.map((item, index) => [BigInt(index), item]);
    else if (isMap(value))
      entries = Object.keys(value)
        .sort()
        .map((key) => [key, value[key]]);
    else throw new TemplateError(template, node.line, `range can't iterate over ${goType(value)}`);
    if (entries.length === 0)
      return node.otherwise ? this.list(node.otherwise, dot, new Scope(scope), template) : '';
    let out = '';
    for (const [key, item] of entries) {
      const inner = new Scope(scope);
      if (names.length === 1) inner.declare(names[0] as string, item);
      if (names.length === 2) {
        inner.declare(names[0] as string, key);
        inner.declare(names[1] as string, item);
      }
      out += this.list(node.body, item, inner, template);
    }
    return out;
  }

  private pipeline(pipe: Pipeline, dot: unknown, scope: Scope, template: string, line: number): unknown {
    let value: unknown;
    let piped = false;
    for (const command of pipe.commands) {
      value = this.command(command.args, dot, scope, template, line, piped ? [value] : []);
      piped = true;
    }
    if (pipe.decl) {
      const [name] = pipe.decl.names;
      if (name === undefined) throw new TemplateError(template, line, 'missing variable');
      if (pipe.decl.assign) {
        if (!scope.assign(name, value))
          throw new TemplateError(template, line, `undefined variable: ${name}`);
      } else {
        scope.declare(name, value);
      }
    }
    return value;
  }

  private command(
    args: Operand[],
    dot: unknown,
    scope: Scope,
    template: string,
    line: number,
    piped: unknown[],
  ): unknown {
    const [head, ...rest] = args;
    if (!head) throw new TemplateError(template, line, 'empty command');
    if (head.type !== 'function') {
      if (rest.length > 0 || piped.length > 0) {
        throw new TemplateError(template, line, "can't give arguments to a non-function");
      }
      return this.operand(head, dot, scope, template, line);
    }
    const evaluate = (operand: Operand) => this.operand(operand, dot, scope, template, line);
    try {
      // and/or stop at the first deciding argument and return it (Go 1.18).
      if (head.name === 'and' || head.name === 'or') {
        const thunks = [
          ...rest.map((operand) => () => evaluate(operand)),
          ...piped.map((value) => () => value),
        ];
        if (thunks.length === 0) throw new FunctionError(`${head.name}: missing arguments`);
        let result: unknown;
        for (const thunk of thunks) {
          result = thunk();
          if (isTrue(result) === (head.name === 'or')) return result;
        }
        return result;
      }
      const values = [...rest.map(evaluate), ...piped];
      if (head.name === 'include') {
        const [name, data] = values;
        if (typeof name !== 'string') throw new FunctionError('include: the name must be a string');
        return this.run(name, data, template);
      }
      const fn = functions[head.name];
      if (!fn)
        throw new FunctionError(
          `function "${head.name}" not defined (outside the supported subset, ADR 0007)`,
        );
      return fn(...values);
    } catch (error) {
      if (error instanceof FunctionError) throw new TemplateError(template, line, error.message);
      throw error;
    }
  }

  private operand(operand: Operand, dot: unknown, scope: Scope, template: string, line: number): unknown {
    switch (operand.type) {
      case 'string':
      case 'int':
      case 'float':
      case 'bool':
        return operand.value;
      case 'nil':
        throw new TemplateError(template, line, 'nil is not a command');
      case 'function':
        return this.command([operand], dot, scope, template, line, []);
      case 'field':
        return this.fields(dot, operand.path, template, line);
      case 'variable': {
        const found = scope.lookup(operand.name);
        if (!found.found) throw new TemplateError(template, line, `undefined variable "${operand.name}"`);
        return this.fields(found.value, operand.path, template, line);
      }
      case 'pipe':
        return this.fields(
          this.pipeline(operand.pipe, dot, scope, template, line),
          operand.path,
          template,
          line,
        );
    }
  }

  private fields(value: unknown, path: string[], template: string, line: number): unknown {
    let current = value;
    for (const field of path) {
      if (current === undefined || current === null) {
        throw new TemplateError(template, line, `nil pointer evaluating interface {}.${field}`);
      }
      if (current instanceof GoStruct) {
        if (!Object.hasOwn(current.fields, field)) {
          throw new TemplateError(
            template,
            line,
            `can't evaluate field ${field} in type ${current.typeName}`,
          );
        }
        current = current.fields[field];
      } else if (isMap(current)) {
        current = Object.hasOwn(current, field) ? current[field] : undefined;
      } else {
        throw new TemplateError(template, line, `can't evaluate field ${field} in type ${goType(current)}`);
      }
    }
    return current;
  }
}
