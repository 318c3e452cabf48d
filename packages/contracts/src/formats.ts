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

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isDateTime(value: string): boolean {
  if (!dateTime.test(value) || Number.isNaN(Date.parse(value))) return false;
  const [year = 0, month = 0, day = 0] = value.slice(0, 10).split('-').map(Number);
  // Date.parse rolls 2026-02-30 over to March 2 where RFC 3339 and PostgreSQL refuse it; and
  // PostgreSQL has no year 0 (a 400 here, not its "date/time field value out of range" mid-query).
  return year >= 1 && day <= daysIn(year, month);
}

/** Registers `uuid`, `date-time` and `email`; safe to call more than once. */
export function registerFormats(): void {
  if (!FormatRegistry.Has('uuid')) FormatRegistry.Set('uuid', (value) => uuid.test(value));
  if (!FormatRegistry.Has('date-time')) FormatRegistry.Set('date-time', isDateTime);
  if (!FormatRegistry.Has('email')) FormatRegistry.Set('email', (value) => email.test(value));
}
