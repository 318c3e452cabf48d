/**
 * Go's view of template values. Helm reads values through JSON, so every number from a values file is
 * a float64; integer literals written in a template are Go ints (a `bigint` here), and the two do not
 * compare (`eq 1 .Values.one` is an error in Helm). Built-in objects (`.Release`, `.Chart`) are structs:
 * asking them for a field they lack is an error, unlike a map.
 */

/** A Go struct (`.Release`, `.Chart`, `.Template`): a missing field is an error, not an empty value. */
export class GoStruct {
  constructor(
    readonly typeName: string,
    readonly fields: Readonly<Record<string, unknown>>,
  ) {}
}

export type GoMap = Record<string, unknown>;

export function isMap(value: unknown): value is GoMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof GoStruct);
}

/** Go's type name of a value, for error messages. */
export function goType(value: unknown): string {
  if (value === undefined || value === null) return '<nil>';
  if (typeof value === 'bigint') return 'int';
  if (typeof value === 'number') return 'float64';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return '[]interface {}';
  if (value instanceof GoStruct) return value.typeName;
  return 'map[string]interface {}';
}

/** text/template's truth: false, 0, nil and empty strings, slices and maps are false. */
export function isTrue(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'bigint') return value !== 0n;
  if (typeof value === 'string') return value.length > 0;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof GoStruct) return true;
  return Object.keys(value).length > 0;
}

/** strconv.FormatFloat(f, 'g', -1, 64), which is what %v prints for a float64. */
export function formatFloat(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '+Inf' : '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  // strconv/ftoa.go: with the shortest precision, %e is used when the exponent is < -4 or >= 6,
  // which is why Helm prints a 1000000 read from values as 1e+06.
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(value);
}

/** Go's strconv.Quote for the characters a chart meets; non-printable runes are escaped. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (char === '"' || char === '\\') out += `\\${char}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\t') out += '\\t';
    else if (char === '\r') out += '\\r';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += char;
  }
  return `${out}"`;
}

/** fmt's %v. A nil prints as Helm shows it after replacing "<no value>": nothing. */
export function formatValue(value: unknown, nested = false): string {
  if (value === undefined || value === null) return nested ? '<nil>' : '';
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') return formatFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((item) => formatValue(item, true)).join(' ')}]`;
  if (value instanceof GoStruct)
    return `{${Object.values(value.fields)
      .map((item) => formatValue(item, true))
      .join(' ')}}`;
  const entries = Object.keys(value)
    .sort()
    .map((key) => `${key}:${formatValue((value as GoMap)[key], true)}`);
  return `map[${entries.join(' ')}]`;
}
