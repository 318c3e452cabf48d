import { UUID, uuidv7 } from 'uuidv7';

/** A new UUIDv7: time-ordered, so ids sort by creation and index well. */
export function newId(): string {
  return uuidv7();
}

/**
 * The UUIDv7 of a past moment (imported history sorts among live rows by id), its random bits from
 * `random` (numbers in [0, 1)): a seeded generator gives the same ids on every run.
 */
export function idAt(at: Date, random: () => number = Math.random): string {
  const bits = (width: number) => Math.floor(random() * 2 ** width);
  return UUID.fromFieldsV7(at.getTime(), bits(12), bits(30), bits(32)).toString();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID, to answer 404 rather than let PostgreSQL fail on a malformed id. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
