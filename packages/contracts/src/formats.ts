import { FormatRegistry } from '@sinclair/typebox';

/**
 * TypeBox's compiled checkers reject any string format they do not know, so the formats our schemas
 * use are registered once, here, with the meaning JSON Schema gives them (Fastify's ajv-formats
 * agrees, so one schema behaves the same in HTTP validation and in event validation).
 */

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// RFC 3339 section 5.6 `date-time`: a full date, `T`, a full time with an explicit offset.
const dateTime = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
// Deliberately loose: one `@`, no spaces, a dot in the domain. Deliverability is identity's concern.
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function isDateTime(value: string): boolean {
  return dateTime.test(value) && !Number.isNaN(Date.parse(value));
}

/** Registers `uuid`, `date-time` and `email`; safe to call more than once. */
export function registerFormats(): void {
  if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (value) => uuid.test(value));
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime);
  if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (value) => email.test(value));
}
