import { formatNumber as n, non2xxCell, table } from '../lib/markdown.js';
import type { OpenLoopRun } from '../lib/open-loop.js';
import type { AbuserResult } from './abuse-client.js';

/** One kind of abuse: the innocent clients beside no abuse, then beside it, and what the abuser got. */
export interface AbuseRow {
  label: string;
  /** The abuser's pace, its requests per minute. */
  perMinute: number;
  quiet: OpenLoopRun;
  abused: OpenLoopRun;
  abuser: AbuserResult;
}

export interface AbuseRun {
  rows: AbuseRow[];
  /** The innocent clients' pace, requests per second. */
  innocentRate: number;
  products: number;
  limits: { perIp: number; auth: number; login: number; windowMs: number };
}

/** `12 × 429, 5 × 401` from an outcome count, biggest first. */
export function outcomesCell(outcomes: Record<string, number>): string {
  const entries = Object.entries(outcomes).sort((a, b) => b[1] - a[1]);
  return entries.length === 0 ? '-' : entries.map(([outcome, count]) => `${count} × ${outcome}`).join(', ');
}

function bytes(value: number): string {
  if (value >= 1024 * 1024) return `${n(value / (1024 * 1024), 1)} MB`;
  if (value >= 1024) return `${n(value / 1024, 1)} KB`;
  return `${value} B`;
}

/** A latency in whole milliseconds; an unanswered request's as `> 30 s`. */
function ms(value: number): string {
  return Number.isFinite(value) ? `${n(value, 0)} ms` : '> 30 s';
}

/** Innocent failures of a run: requests never answered, then non-2xx answers by status. */
function failuresCell(run: OpenLoopRun): string {
  const non2xx = run.answered - run.ok;
  const refused = non2xxCell(non2xx, run.statusCodes);
  return run.unanswered === 0 ? refused : `${run.unanswered} unanswered; ${refused}`;
}

/** The section body of the abuse scenario. */
export function describeAbuse(run: AbuseRun): string {
  const rows = run.rows.map((row) => [
    row.label,
    `${row.abuser.sent} (${n(row.perMinute, 0)}/min)`,
    outcomesCell(row.abuser.outcomes),
    bytes(row.abuser.answerBytes),
    `${ms(row.quiet.p50Ms)} / ${ms(row.quiet.p99Ms)}`,
    `${ms(row.abused.p50Ms)} / ${ms(row.abused.p99Ms)}`,
    Number.isFinite(row.abused.p99Ms) && row.quiet.p99Ms > 0
      ? `${n(row.abused.p99Ms / row.quiet.p99Ms, 1)}×`
      : 'n/a',
    `${row.abused.answered} / ${row.abused.scheduled}`,
    failuresCell(row.abused),
  ]);
  const { limits } = run;
  return [
    `Innocent shoppers (${run.innocentRate} requests/s arriving on schedule whatever the gateway is going through, product reads and searches by turns, each request from its own address) through the gateway in distributed mode (identity, catalog, search, analytics, orders, gateway, each its own process, on PostgreSQL, Redis and RabbitMQ; ${run.products} products), first alone, then while one abuser sends one kind of abusive request at the rate the gateway's production limits allow it (${limits.perIp} requests per ${limits.windowMs / 1000} s per address; ${limits.login} logins per address and per email). The gateway trusts one proxy in front of it here (\`TRUST_PROXY=1\`: the bench), so every client has its own address although every packet goes to 127.0.0.1. Each kind is its own pair of runs (alone, then abused), one after the other; the abuser is a separate process that sends on schedule whether or not it was answered, and waits up to 30 s after its last request for the answers.`,
    '',
    table(
      [
        'abuse',
        "abuser's requests",
        'abusive answers',
        'answered bytes',
        'innocent p50 / p99 alone',
        'innocent p50 / p99 abused',
        'p99 abused ÷ alone',
        'innocent answered abused',
        'innocent failures abused',
      ],
      rows,
    ),
    '',
    "Innocent latency runs from when each request was due to its answer (an open loop: a stalled gateway shows as the wait, not as fewer requests); a request still unanswered 30 s after the run counts as slower than every answer (`> 30 s`). Abusive answers: `no answer` is a request still unanswered 30 s after the abuser's last one; `held open` a trickled body whose socket the server still held when the abuser gave up.",
  ].join('\n');
}
