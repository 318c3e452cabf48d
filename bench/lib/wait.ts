import { setTimeout as sleep } from 'node:timers/promises';

export interface WaitOptions {
  /** Give up after this long; a bound so a broken service cannot hang the run. */
  timeoutMs: number;
  intervalMs?: number;
  /** What is being waited for, for the error message. */
  what: string;
  /** Stop waiting early (e.g. the process died); its message explains why. */
  abandon?: () => string | undefined;
}

/**
 * Calls `check` until it answers true and returns the milliseconds that took. A check that throws
 * counts as "not yet" (connection refused while the process boots).
 */
export async function waitUntil(check: () => Promise<boolean>, options: WaitOptions): Promise<number> {
  const started = performance.now();
  const interval = options.intervalMs ?? 50;
  let lastError = '';
  for (;;) {
    const reason = options.abandon?.();
    if (reason !== undefined) throw new Error(`gave up waiting for ${options.what}: ${reason}`);
    try {
      if (await check()) return performance.now() - started;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (performance.now() - started > options.timeoutMs) {
      throw new Error(
        `timed out after ${options.timeoutMs} ms waiting for ${options.what}${lastError ? ` (last error: ${lastError})` : ''}`,
      );
    }
    await sleep(interval);
  }
}

/** A GET that gives up quickly, so one stuck request does not stall a polling loop. */
export async function getJson(url: string, timeoutMs = 2000): Promise<{ status: number; body: unknown }> {
  const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body };
}

/** Whether `url` answers 2xx. */
export async function answersOk(url: string): Promise<boolean> {
  const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
  await response.body?.cancel();
  return response.ok;
}
