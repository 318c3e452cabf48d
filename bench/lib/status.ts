/** Words a health report uses for a service that is up. */
const upWords = new Set(['up', 'ok', 'ready', 'healthy', 'pass']);

function isUp(entry: unknown): boolean {
  if (typeof entry === 'string') return upWords.has(entry.toLowerCase());
  if (typeof entry !== 'object' || entry === null) return false;
  const record = entry as Record<string, unknown>;
  if (typeof record.status === 'string') return upWords.has(record.status.toLowerCase());
  if (typeof record.ok === 'boolean') return record.ok;
  if (typeof record.healthy === 'boolean') return record.healthy;
  if (typeof record.up === 'boolean') return record.up;
  return false;
}

/**
 * Whether a gateway `GET /api/v1/status` body reports every service up: its `services` (a list, or an
 * object keyed by name) must be non-empty, every entry up, and include each of `expected`.
 */
export function everyServiceUp(body: unknown, expected: string[] = []): boolean {
  if (typeof body !== 'object' || body === null) return false;
  const services = (body as Record<string, unknown>).services;
  let entries: [string, unknown][];
  if (Array.isArray(services)) {
    entries = services.map((entry: unknown, index) => {
      const name =
        typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).name : undefined;
      return [typeof name === 'string' ? name : String(index), entry];
    });
  } else if (typeof services === 'object' && services !== null) {
    entries = Object.entries(services);
  } else {
    return false;
  }
  const names = new Set(entries.map(([name]) => name));
  return (
    entries.length > 0 &&
    entries.every(([, entry]) => isUp(entry)) &&
    expected.every((name) => names.has(name))
  );
}
