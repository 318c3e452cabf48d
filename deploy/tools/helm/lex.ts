/**
 * The lexer of the Go template subset (parse.ts): splits a template into text and actions, applying
 * `{{-` and `-}}` trimming and dropping comments as Go does, and reads each action's tokens.
 */
import { TemplateError } from './errors.js';

export type Token =
  | { kind: 'string'; value: string }
  | { kind: 'number'; raw: string }
  | { kind: 'field'; path: string[] }
  | { kind: 'variable'; name: string; path: string[] }
  | { kind: 'ident'; name: string }
  | { kind: 'chain'; path: string[] }
  | { kind: 'punct'; value: '(' | ')' | '|' | ':=' | '=' | ',' };

interface Action {
  tokens: Token[];
  line: number;
}

export type Item = { kind: 'text'; text: string } | { kind: 'action'; action: Action };

const space = /[ \t\r\n]/;
const identStart = /[A-Za-z_]/;
const identPart = /[A-Za-z0-9_]/;

function trimLeft(text: string): string {
  return text.replace(/^[ \t\r\n]+/, '');
}

function trimRight(text: string): string {
  return text.replace(/[ \t\r\n]+$/, '');
}

/** Splits a template into text and actions, applying `{{-` and `-}}` trimming as Go does. */
export function scan(name: string, source: string): Item[] {
  const items: Item[] = [];
  let position = 0;
  let trimNext = false;
  const lineAt = (index: number) => source.slice(0, index).split('\n').length;
  while (position < source.length) {
    const open = source.indexOf('{{', position);
    let text = source.slice(position, open === -1 ? source.length : open);
    if (trimNext) text = trimLeft(text);
    trimNext = false;
    if (open === -1) {
      items.push({ kind: 'text', text });
      break;
    }
    let cursor = open + 2;
    const line = lineAt(open);
    if (source[cursor] === '-' && space.test(source[cursor + 1] ?? '')) {
      text = trimRight(text);
      cursor += 1;
    }
    items.push({ kind: 'text', text });
    // Go accepts a comment only right at the delimiter: `{{/*` or `{{- /*`.
    const commentStart = cursor > open + 2 ? cursor + 1 : cursor;
    if (source.startsWith('/*', commentStart)) {
      const close = source.indexOf('*/', commentStart + 2);
      if (close === -1) throw new TemplateError(name, line, 'unclosed comment');
      const rest = source.slice(close + 2);
      const end = /^( -)?}}/.exec(rest);
      if (!end) throw new TemplateError(name, line, 'comment ends with */ but not }}');
      trimNext = end[1] !== undefined;
      position = close + 2 + end[0].length;
      continue;
    }
    const { tokens, end, trim } = lexAction(name, source, cursor, line);
    items.push({ kind: 'action', action: { tokens, line } });
    trimNext = trim;
    position = end;
  }
  return items;
}

function readPath(source: string, start: number): { path: string[]; end: number } {
  const path: string[] = [];
  let cursor = start;
  while (source[cursor] === '.' && identStart.test(source[cursor + 1] ?? '')) {
    let end = cursor + 1;
    while (identPart.test(source[end] ?? '')) end += 1;
    path.push(source.slice(cursor + 1, end));
    cursor = end;
  }
  return { path, end: cursor };
}

function readString(
  name: string,
  line: number,
  source: string,
  start: number,
): { value: string; end: number } {
  const quote = source[start];
  if (quote === '`') {
    const close = source.indexOf('`', start + 1);
    if (close === -1) throw new TemplateError(name, line, 'unterminated raw string');
    return { value: source.slice(start + 1, close), end: close + 1 };
  }
  let value = '';
  let cursor = start + 1;
  const escapes: Record<string, string> = {
    n: '\n',
    t: '\t',
    r: '\r',
    '\\': '\\',
    '"': '"',
    "'": "'",
    '0': '\0',
  };
  while (cursor < source.length && source[cursor] !== '"') {
    const char = source[cursor] ?? '';
    if (char === '\n') throw new TemplateError(name, line, 'newline in string');
    if (char === '\\') {
      const next = source[cursor + 1] ?? '';
      if (next === 'x' || next === 'u') {
        const length = next === 'x' ? 2 : 4;
        value += String.fromCharCode(parseInt(source.slice(cursor + 2, cursor + 2 + length), 16));
        cursor += 2 + length;
        continue;
      }
      const escaped = escapes[next];
      if (escaped === undefined) throw new TemplateError(name, line, `unknown escape \\${next}`);
      value += escaped;
      cursor += 2;
      continue;
    }
    value += char;
    cursor += 1;
  }
  if (source[cursor] !== '"') throw new TemplateError(name, line, 'unterminated string');
  return { value, end: cursor + 1 };
}

/** Reads the tokens of one action up to its `}}` (or ` -}}`). */
function lexAction(
  name: string,
  source: string,
  start: number,
  line: number,
): { tokens: Token[]; end: number; trim: boolean } {
  const tokens: Token[] = [];
  let cursor = start;
  for (;;) {
    const char = source[cursor];
    if (char === undefined) throw new TemplateError(name, line, 'unclosed action');
    if (space.test(char)) {
      if (source.startsWith('-}}', cursor + 1)) return { tokens, end: cursor + 4, trim: true };
      cursor += 1;
      continue;
    }
    if (source.startsWith('}}', cursor)) return { tokens, end: cursor + 2, trim: false };
    if (char === '"' || char === '`') {
      const { value, end } = readString(name, line, source, cursor);
      tokens.push({ kind: 'string', value });
      cursor = end;
    } else if (char === '(' || char === ')' || char === '|' || char === ',') {
      tokens.push({ kind: 'punct', value: char });
      cursor += 1;
      if (char === ')' && source[cursor] === '.') {
        const { path, end } = readPath(source, cursor);
        if (path.length === 0) throw new TemplateError(name, line, 'bad field after )');
        tokens.push({ kind: 'chain', path });
        cursor = end;
      }
    } else if (source.startsWith(':=', cursor)) {
      tokens.push({ kind: 'punct', value: ':=' });
      cursor += 2;
    } else if (char === '=') {
      tokens.push({ kind: 'punct', value: '=' });
      cursor += 1;
    } else if (char === '.') {
      const { path, end } = readPath(source, cursor);
      tokens.push({ kind: 'field', path });
      cursor = path.length === 0 ? cursor + 1 : end;
    } else if (char === '$') {
      let end = cursor + 1;
      while (identPart.test(source[end] ?? '')) end += 1;
      const variable = source.slice(cursor, end);
      const { path, end: after } = readPath(source, end);
      tokens.push({ kind: 'variable', name: variable, path });
      cursor = after;
    } else if (/[0-9-]/.test(char)) {
      const match = /^-?[0-9][0-9_]*(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(source.slice(cursor));
      if (!match) throw new TemplateError(name, line, `unexpected '${char}'`);
      tokens.push({ kind: 'number', raw: match[0] });
      cursor += match[0].length;
    } else if (identStart.test(char)) {
      let end = cursor + 1;
      while (identPart.test(source[end] ?? '')) end += 1;
      tokens.push({ kind: 'ident', name: source.slice(cursor, end) });
      cursor = end;
    } else {
      throw new TemplateError(name, line, `unexpected '${char}' in action`);
    }
  }
}
