/**
 * The template functions the chart uses: Go's builtins and the Sprig/Helm functions of the same name,
 * with their argument types checked as Go checks them (a float64 where an int is expected fails in Helm,
 * so it fails here). A function not listed is an error: see ADR 0007 for the supported subset.
 */
import { createHash } from 'node:crypto';
import { stringify } from 'yaml';
import { formatValue, goQuote, goType, isMap, isTrue, type GoMap } from './values.js';

/** A function failed or got arguments of the wrong type; the renderer adds where. */
export class FunctionError extends Error {}

export type TemplateFunction = (...args: unknown[]) => unknown;

function int(name: string, value: unknown): number {
  if (typeof value !== 'bigint') {
    throw new FunctionError(`${name}: wrong type for value; expected int; got ${goType(value)}`);
  }
  return Number(value);
}

function str(name: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new FunctionError(`${name}: wrong type for value; expected string; got ${goType(value)}`);
  }
  return value;
}

function map(name: string, value: unknown): GoMap {
  if (!isMap(value)) {
    throw new FunctionError(
      `${name}: wrong type for value; expected map[string]interface {}; got ${goType(value)}`,
    );
  }
  return value;
}

/** Sprig's strval: strings as they are, anything else as fmt's %v. */
function strval(value: unknown): string {
  return typeof value === 'string' ? value : formatValue(value, true);
}

/** Sprig's empty: nil, false, 0, and empty strings, lists and maps. */
export function isEmpty(value: unknown): boolean {
  return !isTrue(value);
}

/** Plain data for YAML and JSON: Go ints become numbers. */
function plain(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (Array.isArray(value)) return value.map(plain);
  if (isMap(value)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, plain(value[key])]),
    );
  }
  return value ?? null;
}

/**
 * Helm's toYaml goes through JSON (sigs.k8s.io/yaml): keys come out sorted, and the trailing newline is
 * trimmed. YAML 1.1 output quotes the strings YAML 1.1 would read as something else (`on`, `yes`).
 */
function toYaml(value: unknown): string {
  const text = stringify(plain(value), {
    version: '1.1',
    sortMapEntries: true,
    indentSeq: false,
    lineWidth: 0,
    aliasDuplicateObjects: false,
  });
  return text.replace(/\n$/, '');
}

/** Go's eq and friends compare values of one basic kind; an int and a float64 do not compare. */
function comparable(name: string, a: unknown, b: unknown): void {
  const kinds = [a, b].map((value) => typeof value);
  const basic = ['string', 'number', 'bigint', 'boolean'];
  if (!kinds.every((kind) => basic.includes(kind))) {
    throw new FunctionError(`${name}: invalid type for comparison (${goType(a)} and ${goType(b)})`);
  }
  if (kinds[0] !== kinds[1]) throw new FunctionError(`${name}: incompatible types for comparison`);
}

function indent(spaces: number, text: string): string {
  const pad = ' '.repeat(spaces);
  return pad + text.replaceAll('\n', `\n${pad}`);
}

function printf(format: string, args: unknown[]): string {
  let next = 0;
  return format.replace(/%([%svdq])/g, (_match, verb: string) => {
    if (verb === '%') return '%';
    const value = args[next++];
    switch (verb) {
      case 's':
        if (typeof value !== 'string') throw new FunctionError(`printf: %s of a ${goType(value)}`);
        return value;
      case 'd':
        if (typeof value !== 'bigint') throw new FunctionError(`printf: %d of a ${goType(value)}`);
        return value.toString();
      case 'q':
        return goQuote(strval(value));
      default:
        return formatValue(value, true);
    }
  });
}

/** fmt.Sprint: a space between operands when neither side is a string. */
function sprint(args: unknown[]): string {
  let out = '';
  args.forEach((arg, index) => {
    const previous = args[index - 1];
    if (index > 0 && typeof arg !== 'string' && typeof previous !== 'string') out += ' ';
    out += formatValue(arg, true);
  });
  return out;
}

/** The functions available to templates, apart from include, which needs the renderer. */
export const functions: Record<string, TemplateFunction> = {
  toYaml,
  toJson: (value) => JSON.stringify(plain(value)),
  nindent: (spaces, text) => `\n${indent(int('nindent', spaces), str('nindent', text))}`,
  indent: (spaces, text) => indent(int('indent', spaces), str('indent', text)),
  quote: (...args) =>
    args
      .filter((arg) => arg !== undefined && arg !== null)
      .map((arg) => goQuote(strval(arg)))
      .join(' '),
  squote: (...args) =>
    args
      .filter((arg) => arg !== undefined && arg !== null)
      .map((arg) => `'${strval(arg)}'`)
      .join(' '),
  default: (fallback, ...given) => (given.length === 0 || isEmpty(given[0]) ? fallback : given[0]),
  empty: (value) => isEmpty(value),
  coalesce: (...args) => args.find((arg) => !isEmpty(arg)),
  ternary: (whenTrue, whenFalse, condition) => {
    if (typeof condition !== 'boolean') throw new FunctionError('ternary: the condition must be a bool');
    return condition ? whenTrue : whenFalse;
  },
  required: (message, value) => {
    if (value === undefined || value === null || value === '')
      throw new FunctionError(str('required', message));
    return value;
  },
  fail: (message) => {
    throw new FunctionError(str('fail', message));
  },
  printf: (format, ...args) => printf(str('printf', format), args),
  print: (...args) => sprint(args),
  toString: (value: unknown) => strval(value),
  int: (value) => {
    if (typeof value === 'bigint') return value;
    if (typeof value === 'number') return BigInt(Math.trunc(value));
    if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
    return 0n;
  },
  trunc: (length, text) => {
    const n = int('trunc', length);
    const value = str('trunc', text);
    if (n >= 0) return value.slice(0, n);
    return value.length + n > 0 ? value.slice(value.length + n) : '';
  },
  trimSuffix: (suffix, text) => {
    const value = str('trimSuffix', text);
    const end = str('trimSuffix', suffix);
    return end && value.endsWith(end) ? value.slice(0, -end.length) : value;
  },
  trimPrefix: (prefix, text) => {
    const value = str('trimPrefix', text);
    const start = str('trimPrefix', prefix);
    return value.startsWith(start) ? value.slice(start.length) : value;
  },
  trim: (text) => str('trim', text).trim(),
  lower: (text) => str('lower', text).toLowerCase(),
  upper: (text) => str('upper', text).toUpperCase(),
  replace: (from, to, text) => str('replace', text).replaceAll(str('replace', from), str('replace', to)),
  contains: (part, text) => str('contains', text).includes(str('contains', part)),
  hasPrefix: (prefix, text) => str('hasPrefix', text).startsWith(str('hasPrefix', prefix)),
  hasSuffix: (suffix, text) => str('hasSuffix', text).endsWith(str('hasSuffix', suffix)),
  join: (separator, list) => {
    if (!Array.isArray(list)) throw new FunctionError('join: expected a list');
    return list.map(strval).join(str('join', separator));
  },
  b64enc: (text) => Buffer.from(str('b64enc', text)).toString('base64'),
  sha256sum: (text) => createHash('sha256').update(str('sha256sum', text)).digest('hex'),
  list: (...items) => items,
  append: (list, item) => {
    if (!Array.isArray(list)) throw new FunctionError(`append: expected a list; got ${goType(list)}`);
    return [...(list as unknown[]), item];
  },
  // Sprig's set changes the dict it is given and returns it; the chart only sets dicts it built itself.
  set: (target, key, value) => {
    const dict = map('set', target);
    dict[str('set', key)] = value;
    return dict;
  },
  dict: (...pairs) => {
    const result: GoMap = {};
    for (let index = 0; index < pairs.length; index += 2)
      result[strval(pairs[index])] = pairs[index + 1] ?? '';
    return result;
  },
  hasKey: (target, key) => Object.hasOwn(map('hasKey', target), str('hasKey', key)),
  get: (target, key) => {
    const value = map('get', target);
    const name = str('get', key);
    return Object.hasOwn(value, name) ? value[name] : '';
  },
  has: (needle, haystack) => {
    if (haystack === undefined || haystack === null) return false;
    if (!Array.isArray(haystack)) throw new FunctionError(`has: expected a list; got ${goType(haystack)}`);
    return haystack.some((item) => item === needle);
  },
  index: (target, ...keys) => {
    let current = target;
    for (const key of keys) {
      if (Array.isArray(current)) {
        const position = int('index', key);
        if (position < 0 || position >= current.length)
          throw new FunctionError(`index out of range: ${position}`);
        current = current[position];
      } else if (isMap(current)) {
        const name = str('index', key);
        current = Object.hasOwn(current, name) ? current[name] : undefined;
      } else {
        throw new FunctionError(`index of untyped nil or ${goType(current)}`);
      }
    }
    return current;
  },
  len: (value) => {
    if (typeof value === 'string' || Array.isArray(value)) return BigInt(value.length);
    if (isMap(value)) return BigInt(Object.keys(value).length);
    throw new FunctionError(`len of ${goType(value)}`);
  },
  not: (value) => !isTrue(value),
  eq: (first, ...others) => {
    if (others.length === 0) throw new FunctionError('eq: missing argument for comparison');
    return others.some((other) => {
      comparable('eq', first, other);
      return first === other;
    });
  },
  ne: (a, b) => {
    comparable('ne', a, b);
    return a !== b;
  },
  lt: (a, b) => {
    comparable('lt', a, b);
    return (a as number) < (b as number);
  },
  le: (a, b) => {
    comparable('le', a, b);
    return (a as number) <= (b as number);
  },
  gt: (a, b) => {
    comparable('gt', a, b);
    return (a as number) > (b as number);
  },
  ge: (a, b) => {
    comparable('ge', a, b);
    return (a as number) >= (b as number);
  },
};
