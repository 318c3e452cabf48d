/**
 * A parser for the subset of Go's text/template that the Bodega chart uses (ADR 0007). It follows
 * Go's grammar (https://pkg.go.dev/text/template) for what it accepts and refuses everything else with
 * an error naming the construct, so the chart cannot quietly grow a feature this renderer would get wrong.
 */
import { TemplateError } from './errors.js';
import { scan, type Item, type Token } from './lex.js';

export { TemplateError } from './errors.js';

/** A piece of a pipeline: a field chain, a variable, a literal, a function name or a parenthesized pipe. */
export type Operand =
  | { type: 'field'; path: string[] }
  | { type: 'variable'; name: string; path: string[] }
  | { type: 'string'; value: string }
  | { type: 'int'; value: bigint }
  | { type: 'float'; value: number }
  | { type: 'bool'; value: boolean }
  | { type: 'nil' }
  | { type: 'function'; name: string }
  | { type: 'pipe'; pipe: Pipeline; path: string[] };

export interface Command {
  args: Operand[];
}

export interface Pipeline {
  /** `$x := ...` declares, `$x = ...` assigns; two names only in `range $i, $v := ...`. */
  decl?: { names: string[]; assign: boolean };
  commands: Command[];
}

export type Node =
  | { type: 'text'; text: string }
  | { type: 'action'; pipe: Pipeline; line: number }
  | { type: 'if'; branches: { cond: Pipeline; body: Node[] }[]; otherwise?: Node[]; line: number }
  | { type: 'range'; pipe: Pipeline; body: Node[]; otherwise?: Node[]; line: number }
  | { type: 'with'; pipe: Pipeline; body: Node[]; otherwise?: Node[]; line: number }
  | { type: 'template'; name: string; pipe?: Pipeline; line: number };

/** A parsed file: its top-level nodes and the templates it defines. */
export interface ParsedTemplate {
  name: string;
  root: Node[];
  defines: Map<string, Node[]>;
}

class Parser {
  private index = 0;
  readonly defines = new Map<string, Node[]>();

  constructor(
    private readonly name: string,
    private readonly items: Item[],
  ) {}

  parseRoot(): Node[] {
    const { nodes, stop } = this.parseList(true);
    if (stop) throw new TemplateError(this.name, stop.line, `unexpected {{${stop.word}}}`);
    return nodes;
  }

  /** Nodes up to an `end` or `else` (returned as `stop`), or to the end of the file. */
  private parseList(topLevel = false): {
    nodes: Node[];
    stop?: { word: 'end' | 'else'; rest: Token[]; line: number };
  } {
    const nodes: Node[] = [];
    while (this.index < this.items.length) {
      const item = this.items[this.index++];
      if (!item) break;
      if (item.kind === 'text') {
        if (item.text) nodes.push({ type: 'text', text: item.text });
        continue;
      }
      const { tokens, line } = item.action;
      const first = tokens[0];
      const word = first?.kind === 'ident' ? first.name : undefined;
      const rest = tokens.slice(1);
      switch (word) {
        case 'end':
        case 'else':
          return { nodes, stop: { word, rest, line } };
        case 'if':
          nodes.push(this.parseIf(rest, line));
          break;
        case 'range':
        case 'with': {
          const pipe = this.parsePipeline(rest, line, word === 'range' ? 2 : 1);
          const { body, otherwise } = this.parseBody(word, line);
          nodes.push({ type: word, pipe, body, ...(otherwise ? { otherwise } : {}), line });
          break;
        }
        case 'define': {
          if (!topLevel) throw new TemplateError(this.name, line, 'define is only allowed at the top level');
          const templateName = rest[0];
          if (rest.length !== 1 || templateName?.kind !== 'string') {
            throw new TemplateError(this.name, line, 'define takes one string name');
          }
          const { nodes: body, stop } = this.parseList();
          if (stop?.word !== 'end') throw new TemplateError(this.name, line, 'define without end');
          if (this.defines.has(templateName.value)) {
            throw new TemplateError(this.name, line, `template "${templateName.value}" defined twice`);
          }
          this.defines.set(templateName.value, body);
          break;
        }
        case 'template': {
          const templateName = rest[0];
          if (templateName?.kind !== 'string') {
            throw new TemplateError(this.name, line, 'template takes a string name');
          }
          const argument = rest.length > 1 ? this.parsePipeline(rest.slice(1), line, 0) : undefined;
          nodes.push({
            type: 'template',
            name: templateName.value,
            ...(argument ? { pipe: argument } : {}),
            line,
          });
          break;
        }
        case 'block':
        case 'break':
        case 'continue':
          throw new TemplateError(this.name, line, `{{${word}}} is outside the supported subset (ADR 0007)`);
        default:
          nodes.push({ type: 'action', pipe: this.parsePipeline(tokens, line, 1), line });
      }
    }
    return { nodes };
  }

  private parseBody(word: string, line: number): { body: Node[]; otherwise?: Node[] } {
    const { nodes: body, stop } = this.parseList();
    if (!stop) throw new TemplateError(this.name, line, `${word} without end`);
    if (stop.word === 'end') return { body };
    if (stop.rest.length > 0) throw new TemplateError(this.name, stop.line, `else ${word} is not supported`);
    const { nodes: otherwise, stop: end } = this.parseList();
    if (end?.word !== 'end') throw new TemplateError(this.name, line, `${word} without end`);
    return { body, otherwise };
  }

  private parseIf(tokens: Token[], line: number): Node {
    const branches: { cond: Pipeline; body: Node[] }[] = [];
    let cond = this.parsePipeline(tokens, line, 1);
    for (;;) {
      const { nodes, stop } = this.parseList();
      if (!stop) throw new TemplateError(this.name, line, 'if without end');
      branches.push({ cond, body: nodes });
      if (stop.word === 'end') return { type: 'if', branches, line };
      const next = stop.rest[0];
      if (next?.kind === 'ident' && next.name === 'if') {
        cond = this.parsePipeline(stop.rest.slice(1), stop.line, 1);
        continue;
      }
      if (stop.rest.length > 0)
        throw new TemplateError(this.name, stop.line, 'only else and else if are supported');
      const { nodes: otherwise, stop: end } = this.parseList();
      if (end?.word !== 'end') throw new TemplateError(this.name, line, 'if without end');
      return { type: 'if', branches, otherwise, line };
    }
  }

  /** A pipeline, optionally starting with a declaration of up to `maxVariables` variables. */
  parsePipeline(tokens: Token[], line: number, maxVariables: number): Pipeline {
    let rest = tokens;
    let decl: Pipeline['decl'];
    const declarationEnd = tokens.findIndex(
      (token) => token.kind === 'punct' && (token.value === ':=' || token.value === '='),
    );
    if (declarationEnd > 0) {
      const names = tokens
        .slice(0, declarationEnd)
        .filter((token) => !(token.kind === 'punct' && token.value === ','))
        .map((token) => {
          if (token.kind !== 'variable' || token.path.length > 0) {
            throw new TemplateError(this.name, line, 'only variables can be declared');
          }
          return token.name;
        });
      if (names.length > maxVariables) throw new TemplateError(this.name, line, 'too many declarations');
      const operator = tokens[declarationEnd] as { value: string };
      decl = { names, assign: operator.value === '=' };
      rest = tokens.slice(declarationEnd + 1);
    }
    const { pipe, next } = this.parseCommands(rest, 0, line);
    if (next !== rest.length) throw new TemplateError(this.name, line, 'unexpected )');
    if (pipe.commands.length === 0) throw new TemplateError(this.name, line, 'missing value');
    return { ...pipe, ...(decl ? { decl } : {}) };
  }

  private parseCommands(tokens: Token[], start: number, line: number): { pipe: Pipeline; next: number } {
    const commands: Command[] = [];
    let args: Operand[] = [];
    let index = start;
    const finish = () => {
      if (args.length === 0) throw new TemplateError(this.name, line, 'empty command');
      commands.push({ args });
      args = [];
    };
    while (index < tokens.length) {
      const token = tokens[index] as Token;
      if (token.kind === 'punct' && token.value === ')') break;
      index += 1;
      if (token.kind === 'punct') {
        if (token.value === '|') {
          finish();
          continue;
        }
        if (token.value === '(') {
          const inner = this.parseCommands(tokens, index, line);
          const close = tokens[inner.next];
          if (close?.kind !== 'punct' || close.value !== ')')
            throw new TemplateError(this.name, line, 'unclosed (');
          index = inner.next + 1;
          const chain = tokens[index];
          const path = chain?.kind === 'chain' ? chain.path : [];
          if (chain?.kind === 'chain') index += 1;
          args.push({ type: 'pipe', pipe: inner.pipe, path });
          continue;
        }
        throw new TemplateError(this.name, line, `unexpected '${token.value}'`);
      }
      args.push(this.operand(token, line));
    }
    if (args.length > 0 || commands.length > 0) finish();
    return { pipe: { commands }, next: index };
  }

  private operand(token: Exclude<Token, { kind: 'punct' }>, line: number): Operand {
    switch (token.kind) {
      case 'string':
        return { type: 'string', value: token.value };
      case 'number': {
        const raw = token.raw.replaceAll('_', '');
        return /[.eE]/.test(raw)
          ? { type: 'float', value: Number(raw) }
          : { type: 'int', value: BigInt(raw) };
      }
      case 'field':
        return { type: 'field', path: token.path };
      case 'variable':
        return { type: 'variable', name: token.name, path: token.path };
      case 'chain':
        throw new TemplateError(this.name, line, 'unexpected field chain');
      case 'ident':
        if (token.name === 'true' || token.name === 'false')
          return { type: 'bool', value: token.name === 'true' };
        if (token.name === 'nil') return { type: 'nil' };
        if (['if', 'else', 'end', 'range', 'with', 'define', 'template'].includes(token.name)) {
          throw new TemplateError(this.name, line, `unexpected keyword ${token.name}`);
        }
        return { type: 'function', name: token.name };
    }
  }
}

/** Parses one template file into its nodes and the named templates it defines. */
export function parseTemplate(name: string, source: string): ParsedTemplate {
  const parser = new Parser(name, scan(name, source));
  const root = parser.parseRoot();
  return { name, root, defines: parser.defines };
}
