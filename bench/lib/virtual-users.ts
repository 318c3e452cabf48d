import http from 'node:http';
import { mulberry32 } from '@bodega/catalog';
import { send, type LoopRequest } from './closed-loop.js';
import { quantile } from './sequential.js';

/** An answer a journey step gets back: status, error code, parsed JSON body (or undefined) and headers. */
export interface StepAnswer {
  status: number;
  code?: string;
  body: unknown;
}

/** What a journey is given: its requests are timed and counted under a step name; think between them. */
export interface JourneyContext {
  /** The virtual user's index (0-based): lets it be a given customer. */
  vu: number;
  /** A number in [0, 1) from the run's seeded generator: same seed, same choices. */
  random(): number;
  /** Sends one request, timed under `step`; a non-2xx answer or a network error counts as an error. */
  request(step: string, request: LoopRequest): Promise<StepAnswer>;
  /** Waits a think time (uniform between the run's bounds), as a person reads a page. */
  think(): Promise<void>;
}

export interface Journey {
  name: string;
  /** Relative frequency: 55 of 100 shoppers browse. */
  weight: number;
  run(context: JourneyContext): Promise<void>;
}

export interface VirtualUserOptions {
  /** Origin, 127.0.0.1 only. */
  url: string;
  /** Virtual users at the top of the ramp. */
  users: number;
  /** Users start evenly over this many seconds... */
  rampSeconds: number;
  /** ...then all of them keep going for this many seconds: the measured window. */
  holdSeconds: number;
  /** Think time bounds between two requests of a user, in milliseconds. */
  thinkMs: [number, number];
  journeys: Journey[];
  seed?: number;
}

/** Latency and outcome figures of one step (or of all of them). */
export interface StepFigures {
  requests: number;
  errors: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface VirtualUserRun {
  users: number;
  rampSeconds: number;
  holdSeconds: number;
  thinkMs: [number, number];
  /** Requests answered during the hold window, per minute. */
  requestsPerMinute: number;
  /** Journeys completed (started and finished) during the whole run, by journey name. */
  journeys: Record<string, number>;
  /** The hold window's figures, all steps together. */
  total: StepFigures;
  /** The hold window's figures by step name, sorted (so `journey: step` names group by journey). */
  steps: Record<string, StepFigures>;
  /** Failures by step and reason (`status code` or the network error), hold window and ramp alike. */
  failures: Record<string, number>;
}

/** Picks a journey by weight with `r` in [0, 1). */
export function pickJourney(journeys: Journey[], r: number): Journey {
  const total = journeys.reduce((sum, journey) => sum + journey.weight, 0);
  let point = r * total;
  for (const journey of journeys) {
    point -= journey.weight;
    if (point < 0) return journey;
  }
  return journeys.at(-1)!;
}

interface Sample {
  step: string;
  at: number;
  ms: number;
  ok: boolean;
}

/**
 * A realistic load: virtual users that each walk weighted journeys with think times between requests
 * (an open-ish workload whose rate follows the users, unlike a closed loop that fires as fast as
 * answers come). Users ramp up evenly, then hold; the figures are those of the hold window, with exact
 * percentiles from the high-resolution clock.
 */
export async function runVirtualUsers(options: VirtualUserOptions): Promise<VirtualUserRun> {
  const origin = new URL(options.url);
  if (origin.hostname !== '127.0.0.1')
    throw new Error(`the bench only loads 127.0.0.1, not ${origin.hostname}`);
  if (options.journeys.length === 0) throw new Error('runVirtualUsers needs at least one journey');
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.users });
  const random = mulberry32(options.seed ?? 1);
  const samples: Sample[] = [];
  const failures: Record<string, number> = {};
  const journeys: Record<string, number> = {};
  const started = performance.now();
  const holdFrom = started + options.rampSeconds * 1000;
  const deadline = holdFrom + options.holdSeconds * 1000;
  const [thinkMin, thinkMax] = options.thinkMs;
  const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
  class Stop extends Error {}

  const user = async (vu: number) => {
    await sleep((options.rampSeconds * 1000 * vu) / options.users);
    const context: JourneyContext = {
      vu,
      random,
      async request(step, request) {
        if (performance.now() >= deadline) throw new Stop();
        const begin = performance.now();
        try {
          const answer = await send(origin, request, agent);
          const ok = answer.status >= 200 && answer.status < 300;
          samples.push({ step, at: begin, ms: performance.now() - begin, ok });
          if (!ok) count(failures, `${step}: ${answer.status} ${answer.code ?? ''}`.trim());
          return { status: answer.status, code: answer.code, body: parse(answer.body) };
        } catch (error) {
          samples.push({ step, at: begin, ms: performance.now() - begin, ok: false });
          count(failures, `${step}: ${error instanceof Error ? error.message : String(error)}`);
          return { status: 0, body: undefined };
        }
      },
      async think() {
        const wait = thinkMin + random() * (thinkMax - thinkMin);
        if (performance.now() + wait >= deadline) throw new Stop();
        await sleep(wait);
      },
    };
    while (performance.now() < deadline) {
      const journey = pickJourney(options.journeys, random());
      try {
        await journey.run(context);
        count(journeys, journey.name);
        await context.think();
      } catch (error) {
        if (error instanceof Stop) break;
        throw error;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: options.users }, (_, vu) => user(vu)));
  } finally {
    agent.destroy();
  }

  const held = samples.filter((sample) => sample.at >= holdFrom && sample.at < deadline);
  const steps: Record<string, StepFigures> = {};
  for (const name of [...new Set(held.map((sample) => sample.step))].sort())
    steps[name] = figures(held.filter((sample) => sample.step === name));
  return {
    users: options.users,
    rampSeconds: options.rampSeconds,
    holdSeconds: options.holdSeconds,
    thinkMs: options.thinkMs,
    requestsPerMinute: options.holdSeconds > 0 ? (held.length / options.holdSeconds) * 60 : 0,
    journeys,
    total: figures(held),
    steps,
    failures,
  };
}

function figures(samples: Sample[]): StepFigures {
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  return {
    requests: samples.length,
    errors: samples.filter((sample) => !sample.ok).length,
    p50Ms: quantile(sorted, 0.5),
    p95Ms: quantile(sorted, 0.95),
    p99Ms: quantile(sorted, 0.99),
    maxMs: sorted.at(-1) ?? Number.NaN,
  };
}

function count(counts: Record<string, number>, key: string) {
  counts[key] = (counts[key] ?? 0) + 1;
}

function parse(body: string): unknown {
  if (body === '') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}
