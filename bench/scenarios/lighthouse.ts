import fs from 'node:fs';
import path from 'node:path';
import type { ScenarioContext } from './scenario.js';

/** Run from the npm registry at this exact version (npx caches it): the bench adds no dependency. */
export const lighthouseVersion = '12.2.3';
export const lighthouseCategories = ['performance', 'accessibility', 'best-practices'] as const;
export type LighthouseCategory = (typeof lighthouseCategories)[number];

/** An audit a category lost points on: what Lighthouse blames. */
export interface Blame {
  id: string;
  title: string;
  /** 0 to 1. */
  score: number;
  /** The audit's weight in its category's score (0: a diagnostic that weighs nothing itself). */
  weight: number;
  displayValue?: string;
}

export interface LighthousePage {
  name: string;
  /** The page as asked for, and where it ended (a redirect shows here). */
  url: string;
  finalUrl: string;
  /** 0 to 100, as Lighthouse shows them. */
  scores: Record<LighthouseCategory, number>;
  /** Per category: the metrics below a full score, heaviest first (three at most), then the diagnostics that would save the most (four at most). */
  blamed: Record<LighthouseCategory, Blame[]>;
}

/** The part of a Lighthouse result (LHR) the report reads. */
export interface LighthouseResult {
  finalDisplayedUrl?: string;
  categories: Record<string, { score: number | null; auditRefs: { id: string; weight: number }[] }>;
  audits: Record<
    string,
    {
      title: string;
      score: number | null;
      scoreDisplayMode: string;
      displayValue?: string;
      details?: { overallSavingsMs?: number };
    }
  >;
}

const scored = new Set(['binary', 'numeric', 'metricSavings']);

/** Scores and blamed audits of one result. */
export function summarizeResult(name: string, url: string, result: LighthouseResult): LighthousePage {
  const scores = {} as Record<LighthouseCategory, number>;
  const blamed = {} as Record<LighthouseCategory, Blame[]>;
  for (const category of lighthouseCategories) {
    const entry = result.categories[category];
    scores[category] =
      entry?.score === null || entry === undefined ? Number.NaN : Math.round(entry.score * 100);
    const losing = (entry?.auditRefs ?? [])
      .map((ref) => ({ ref, audit: result.audits[ref.id] }))
      .filter(
        ({ audit }) =>
          audit !== undefined &&
          audit.score !== null &&
          audit.score < 1 &&
          // Informative and not-applicable audits never cost a point.
          scored.has(audit.scoreDisplayMode),
      )
      .map(({ ref, audit }) => ({
        id: ref.id,
        title: audit!.title,
        score: audit!.score!,
        weight: ref.weight,
        savingsMs: audit!.details?.overallSavingsMs ?? 0,
        ...(audit!.displayValue ? { displayValue: audit!.displayValue } : {}),
      }));
    // The metrics that cost the points, then what Lighthouse says would win them back: the diagnostics
    // (no weight of their own) that save the most time, or score worst.
    const metrics = losing
      .filter((blame) => blame.weight > 0)
      .sort((a, b) => b.weight * (1 - b.score) - a.weight * (1 - a.score))
      .slice(0, 3);
    const diagnostics = losing
      .filter((blame) => blame.weight === 0 && blame.score < 0.9)
      .sort((a, b) => b.savingsMs - a.savingsMs || a.score - b.score)
      .slice(0, 4);
    blamed[category] = [...metrics, ...diagnostics].map(({ savingsMs: _savings, ...blame }) => blame);
  }
  return { name, url, finalUrl: result.finalDisplayedUrl ?? url, scores, blamed };
}

export interface LighthouseOptions {
  /** Audit in the browser listening here (already signed in) instead of a fresh one. */
  port?: number;
  /** Keep the browser's cookies and storage (a signed-in page); the HTTP cache is cleared by the caller. */
  keepStorage?: boolean;
}

/**
 * One Lighthouse run (mobile, its default profile with simulated throttling) of `url` in Debian's
 * Chromium, headless; the result's JSON is kept in the run's work dir.
 */
export async function runLighthouse(
  context: ScenarioContext,
  name: string,
  url: string,
  options: LighthouseOptions = {},
): Promise<LighthousePage> {
  const output = path.join(context.workDir, `lighthouse-${name}.json`);
  const args = [
    '-y',
    `lighthouse@${lighthouseVersion}`,
    url,
    '--output=json',
    `--output-path=${output}`,
    `--only-categories=${lighthouseCategories.join(',')}`,
    '--quiet',
    ...(options.port === undefined
      ? ['--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking']
      : [`--port=${options.port}`]),
    ...(options.keepStorage ? ['--disable-storage-reset'] : []),
  ];
  const started = context.processes.start(`lighthouse-${name}`, 'npx', args, {
    cwd: context.workDir,
    env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' },
  });
  const exit = await started.exited;
  if (exit.code !== 0 || !fs.existsSync(output))
    throw new Error(`lighthouse ${url} failed (exit ${String(exit.code)}):\n${started.logTail()}`);
  const result = JSON.parse(fs.readFileSync(output, 'utf8')) as LighthouseResult;
  return summarizeResult(name, url, result);
}
