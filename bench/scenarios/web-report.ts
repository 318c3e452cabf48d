import { formatNumber as n, table, verdict } from '../lib/markdown.js';
import { median } from '../lib/stats.js';
import {
  lighthouseCategories,
  lighthouseVersion,
  type LighthouseCategory,
  type LighthousePage,
} from './lighthouse.js';

/** One file the storefront's home loads before it can render: the entry and its preloads. */
export interface InitialFile {
  path: string;
  kind: 'script' | 'style';
  rawBytes: number;
  gzipBytes: number;
}

export interface WebRun {
  files: InitialFile[];
  /** Navigation start to the first product card on screen, a fresh browser profile each time (ms). */
  coldMs: number[];
  /** The same with the assets in the browser's cache (the hashed files are cached for a year). */
  warmMs: number[];
  products: number;
  chromium: string;
  /** Lighthouse on the home, a product, a search and the checkout; absent in a run without it. */
  lighthouse?: LighthousePage[];
}

export const webTargets = { initialJsGzipKb: 200, lighthouseScore: 95 };

const categoryNames: Record<LighthouseCategory, string> = {
  performance: 'performance',
  accessibility: 'accessibility',
  'best-practices': 'best practices',
};

/** The Lighthouse table, then for each score below target the audits Lighthouse blames. */
export function describeLighthouse(pages: LighthousePage[]): string {
  const target = webTargets.lighthouseScore;
  const rows = pages.map((page) => [
    page.finalUrl === page.url ? page.name : `${page.name} (ended at ${new URL(page.finalUrl).pathname})`,
    ...lighthouseCategories.map((category) => String(page.scores[category])),
    verdict(lighthouseCategories.every((category) => page.scores[category] >= target)),
  ]);
  const misses = pages.flatMap((page) =>
    lighthouseCategories
      .filter((category) => !(page.scores[category] >= target))
      .map((category) => {
        const audits = page.blamed[category]
          .map((blame) => `${blame.title}${blame.displayValue ? ` (${blame.displayValue})` : ''}`)
          .join('; ');
        return `- ${page.name}, ${categoryNames[category]} ${page.scores[category]}: ${audits || 'no audit below full score'}`;
      }),
  );
  return [
    `Lighthouse ${lighthouseVersion} (mobile profile, simulated throttling, one run per page; target >= ${target} in each category):`,
    '',
    table(
      ['page', ...lighthouseCategories.map((category) => categoryNames[category]), `all >= ${target}`],
      rows,
    ),
    ...(misses.length > 0
      ? [
          '',
          'What Lighthouse blames where a score is below target (the metrics that cost the points, heaviest first, then the diagnostics that would save the most):',
          '',
          ...misses,
        ]
      : []),
  ].join('\n');
}

const kb = (bytes: number) => `${n(bytes / 1024, 1)} KB`;
const ms = (value: number) => `${n(value, 0)} ms`;

function p95(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)] ?? Number.NaN;
}

/** The section body of the web scenario: the initial JavaScript and the time to the first product grid. */
export function describeWeb(run: WebRun): string {
  const scripts = run.files.filter((file) => file.kind === 'script');
  const jsGzip = scripts.reduce((sum, file) => sum + file.gzipBytes, 0);
  const jsRaw = scripts.reduce((sum, file) => sum + file.rawBytes, 0);
  const cssGzip = run.files
    .filter((file) => file.kind === 'style')
    .reduce((sum, file) => sum + file.gzipBytes, 0);
  const files = table(
    ['file', 'kind', 'size', 'gzip (as served)'],
    run.files.map((file) => [file.path, file.kind, kb(file.rawBytes), kb(file.gzipBytes)]),
  );
  const timing = table(
    ['load', 'runs', 'median', 'p95', 'fastest', 'slowest'],
    [
      ['cold (new profile)', run.coldMs, 'cold'] as const,
      ['warm (assets cached)', run.warmMs, 'warm'] as const,
    ].map(([label, values]) => [
      label,
      values.length,
      ms(median(values)),
      ms(p95(values)),
      ms(Math.min(...values)),
      ms(Math.max(...values)),
    ]),
  );
  const targets = table(
    ['target', 'measured', 'verdict'],
    [
      [
        `initial JavaScript of the home < ${webTargets.initialJsGzipKb} KB gzip`,
        kb(jsGzip),
        verdict(jsGzip < webTargets.initialJsGzipKb * 1024),
      ],
    ],
  );
  return [
    `The storefront home as \`npm start\` serves it (embedded mode, ${run.products} demo products), in headless ${run.chromium}.`,
    '',
    targets,
    '',
    `Initial JavaScript: ${kb(jsGzip)} gzip (${kb(jsRaw)} before compression) in ${scripts.length} file(s), plus ${kb(cssGzip)} of CSS. Checkout, account, forms and the admin load on first visit.`,
    '',
    files,
    '',
    'Time to the first product grid (navigation start to the first product card in the document, read by the page itself):',
    '',
    timing,
    ...(run.lighthouse ? ['', describeLighthouse(run.lighthouse)] : []),
  ].join('\n');
}
