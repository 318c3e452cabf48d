/**
 * Popularity: views and ordered units, recent ones weighing more. Every signal's weight decays with a
 * half-life of {@link HALF_LIFE_DAYS} days from the moment it happened (the event's own time, so a
 * replay scores the same):
 *
 *     popularity(now) = sum over signals of weight * 2^(-(now - at) / half-life)
 *
 * with weight 1 per view and {@link ORDER_UNIT_WEIGHT} per unit ordered. The database keeps
 * `score_log = ln(sum of weight * e^(rate * (at - EPOCH)))`: one number per product that only grows,
 * orders products exactly like the current decayed score (the decay factor is common to all), and
 * cannot overflow (log-sum-exp).
 */

export const HALF_LIFE_DAYS = 7;
/** An ordered unit counts as much as this many views. */
export const ORDER_UNIT_WEIGHT = 10;
const DAY_MS = 86_400_000;
/** Decay rate, per millisecond. */
export const DECAY_RATE = Math.LN2 / (HALF_LIFE_DAYS * DAY_MS);
export const EPOCH_MS = Date.UTC(2026, 0, 1);

/** The log-score of one signal of `weight` happening at `at`. */
export function signalLog(weight: number, at: Date): number {
  return Math.log(weight) + DECAY_RATE * (at.getTime() - EPOCH_MS);
}

/** ln(e^a + e^b), without overflow; `null` is an empty score. */
export function addLogs(a: number | null, b: number): number {
  if (a === null) return b;
  const high = Math.max(a, b);
  return high + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** The decayed score at `now` of a stored log-score (0 when the product has no signal). */
export function popularityAt(scoreLog: number | null, now: Date): number {
  if (scoreLog === null) return 0;
  const value = Math.exp(scoreLog - DECAY_RATE * (now.getTime() - EPOCH_MS));
  return Math.round(value * 1000) / 1000;
}
