import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  latency,
  mergeDocument,
  non2xxCell,
  readSections,
  section,
  table,
  verdict,
} from './markdown.js';

describe('table', () => {
  it('renders a header, a rule that right-aligns numeric columns, and one line per row', () => {
    expect(
      table(
        ['route', 'req/s', 'p99'],
        [
          ['static', 1200, '3.0 ms'],
          ['pg', '1,000', '4.5 ms'],
        ],
      ),
    ).toBe(
      [
        '| route | req/s | p99 |',
        '|---|---:|---:|',
        '| static | 1200 | 3.0 ms |',
        '| pg | 1,000 | 4.5 ms |',
      ].join('\n'),
    );
  });
});

describe('mergeDocument', () => {
  const oldDocument = `# old header\n\n${section('a', 'old a')}\n\n${section('b', 'old b')}\n`;

  it('replaces the sections run now and keeps the others, in the given order', () => {
    const merged = mergeDocument(
      '# new header',
      ['a', 'b', 'c'],
      new Map([
        ['b', 'new b'],
        ['c', 'new c'],
      ]),
      oldDocument,
    );
    expect(merged).toBe(
      `# new header\n\n${section('a', 'old a')}\n\n${section('b', 'new b')}\n\n${section('c', 'new c')}\n`,
    );
  });

  it('drops nothing it cannot place and starts from an empty document', () => {
    expect(mergeDocument('# h', ['a'], new Map([['a', 'x']]), '')).toBe(`# h\n\n${section('a', 'x')}\n`);
  });

  it('reads back the sections it wrote', () => {
    expect([...readSections(oldDocument).keys()]).toEqual(['a', 'b']);
  });
});

describe('formatNumber and verdict', () => {
  it('groups thousands and keeps decimals only for small values', () => {
    expect(formatNumber(12345.6)).toBe('12,346');
    expect(formatNumber(3.14159, 2)).toBe('3.14');
    expect(formatNumber(Number.NaN)).toBe('n/a');
  });

  it('says pass or miss', () => {
    expect(verdict(true)).toBe('**pass**');
    expect(verdict(false)).toBe('**miss**');
  });
});

describe('latency and non2xxCell', () => {
  it('shows a whole-millisecond zero as under one millisecond', () => {
    expect(latency(0)).toBe('<1 ms');
    expect(latency(2.345)).toBe('2.35 ms');
  });

  it('lists the status codes behind a non-2xx count', () => {
    expect(non2xxCell(0, {})).toBe('0');
    expect(non2xxCell(12, { '429': 10, '502': 2 })).toBe('12 (10×429, 2×502)');
  });
});
