import { FormatRegistry } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { registerFormats } from './formats.js';

registerFormats();
const isDateTime = (value: string) => FormatRegistry.Get('date-time')?.(value);

describe('the date-time format', () => {
  it('takes RFC 3339 timestamps, leap days included', () => {
    for (const value of [
      '2026-01-15T10:00:00Z',
      '2026-01-15t10:00:00.123+02:00',
      '2024-02-29T00:00:00Z',
      '2000-02-29T00:00:00Z',
      '0001-01-01T00:00:00Z',
    ])
      expect(isDateTime(value), value).toBe(true);
  });

  it('refuses days a month does not have and year 0, which PostgreSQL refuses mid-query', () => {
    for (const value of [
      '2026-02-29T00:00:00Z',
      '2026-02-30T00:00:00Z',
      '1900-02-29T00:00:00Z',
      '2026-04-31T00:00:00Z',
      '2026-13-01T00:00:00Z',
      '0000-01-01T00:00:00Z',
      '2026-01-01T25:00:00Z',
      '2026-01-01',
    ])
      expect(isDateTime(value), value).toBe(false);
  });
});
