/** A Markdown table; numbers are right-aligned. Cells must not hold `|` or newlines. */
export function table(headers: string[], rows: (string | number)[][]): string {
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => isNumeric(row[column])));
  const line = (cells: (string | number)[]) => `| ${cells.map((cell) => String(cell)).join(' | ')} |`;
  const rule = `|${numeric.map((right) => (right ? '---:' : '---')).join('|')}|`;
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

/** A number, a number with a unit ("3.1 ms", "42%"), or a placeholder for none ("-", "n/a"). */
function isNumeric(cell: string | number | undefined): boolean {
  if (typeof cell === 'number') return true;
  return (
    typeof cell === 'string' &&
    (/^[<>]?[-+]?[\d,.]+( ?[a-zA-Z%×/]*)?$/.test(cell) || cell === '-' || cell === 'n/a')
  );
}

const begin = (name: string) => `<!-- bench:${name}:begin -->`;
const end = (name: string) => `<!-- bench:${name}:end -->`;

/** Wraps a scenario's section in markers, so a later run can replace it alone. */
export function section(name: string, body: string): string {
  return `${begin(name)}\n${body.trim()}\n${end(name)}`;
}

/** The marked sections of a document, by scenario name, in document order. */
export function readSections(document: string): Map<string, string> {
  const sections = new Map<string, string>();
  const pattern = /<!-- bench:([\w-]+):begin -->\n([\s\S]*?)\n<!-- bench:\1:end -->/g;
  for (const match of document.matchAll(pattern)) sections.set(match[1]!, match[0]);
  return sections;
}

/**
 * The new BENCHMARKS.md: `header`, then one section per scenario in `order`. A scenario run now gets
 * its fresh section; one not run now keeps the section of its last run, if the old document has one.
 */
export function mergeDocument(
  header: string,
  order: string[],
  fresh: Map<string, string>,
  old: string,
): string {
  const kept = readSections(old);
  const parts = [header.trim()];
  for (const name of order) {
    const body = fresh.get(name);
    const text = body === undefined ? kept.get(name) : section(name, body);
    if (text !== undefined) parts.push(text);
  }
  return `${parts.join('\n\n')}\n`;
}

/** 1234.5 -> "1,235"; small values keep `digits` decimals. */
export function formatNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return 'n/a';
  const decimals = Math.abs(value) >= 100 ? 0 : digits;
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A latency in ms; 0 from autocannon's whole-millisecond histogram means under one millisecond. */
export function latency(ms: number, digits = 2): string {
  return ms === 0 ? '<1 ms' : `${formatNumber(ms, digits)} ms`;
}

/** The verdict cell of a target: bold, so a miss is not overlooked. */
export function verdict(ok: boolean): string {
  return ok ? '**pass**' : '**miss**';
}

/** A non-2xx count with its status codes: `12 (10×429, 2×502)`. */
export function non2xxCell(non2xx: number, statusCodes: Record<string, number>): string {
  if (non2xx === 0) return '0';
  return `${non2xx} (${Object.entries(statusCodes)
    .map(([code, count]) => `${count}×${code}`)
    .join(', ')})`;
}
