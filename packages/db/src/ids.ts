import { uuidv7 } from 'uuidv7';

/** A new UUIDv7: time-ordered, so ids sort by creation and index well. */
export function newId(): string {
  return uuidv7();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a UUID, to answer 404 rather than let PostgreSQL fail on a malformed id. */
export function isUuid(value: string): boolean {
  return uuidPattern.test(value);
}
