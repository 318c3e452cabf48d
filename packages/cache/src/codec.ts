/** Serialises a cache value, refusing what JSON cannot hold rather than storing `"undefined"`. */
export function encode(value: unknown): string {
  const json = JSON.stringify(value) as string | undefined;
  if (json === undefined) throw new TypeError('a cache value must be representable as JSON');
  return json;
}

export function decode(json: string): unknown {
  return JSON.parse(json);
}

/** Both backends need a whole, positive number of milliseconds (Redis `PX` rejects anything else). */
export function assertTtl(ttlMs: number): void {
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`a cache ttl must be a positive whole number of milliseconds, got ${ttlMs}`);
  }
}
