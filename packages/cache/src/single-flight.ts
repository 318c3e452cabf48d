/**
 * Collapses concurrent calls for the same key into one: while a call for a key is in flight, later
 * callers get the same promise. Once it settles, the next caller starts a fresh one, so a failure is not
 * remembered.
 */
export class SingleFlight {
  readonly #inFlight = new Map<string, Promise<unknown>>();

  /** Runs `work` for `key`, unless a run for `key` is already in flight, whose result is then shared. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running as Promise<T>;
    const started = work().finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }

  /** How many keys are loading now. */
  get size(): number {
    return this.#inFlight.size;
  }
}
