import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizeName, parseEmail, toUserJson } from './user.js';

describe('emails', () => {
  it('are trimmed and lowercased', () => {
    expect(normalizeEmail('  Ada.Lovelace@Example.COM ')).toBe('ada.lovelace@example.com');
  });

  it.each([
    '',
    'plain',
    'no-at.example.com',
    'two@@example.com',
    'a@b',
    'a b@example.com',
    'a@example.',
    '@example.com',
  ])('rejects %j as not an email', (email) => {
    expect(() => parseEmail(email)).toThrow(expect.objectContaining({ code: 'INVALID_EMAIL', status: 400 }));
  });

  it('rejects an address longer than 254 characters', () => {
    expect(() => parseEmail(`${'a'.repeat(250)}@example.com`)).toThrow(
      expect.objectContaining({ code: 'INVALID_EMAIL' }),
    );
  });

  it('accepts ordinary addresses with plus tags and subdomains', () => {
    expect(parseEmail('Ada+shop@mail.example.co.uk')).toBe('ada+shop@mail.example.co.uk');
  });
});

describe('names', () => {
  it('are trimmed, and blank means no name', () => {
    expect(normalizeName('  Ada ')).toBe('Ada');
    expect(normalizeName('   ')).toBeNull();
    expect(normalizeName(null)).toBeNull();
    expect(normalizeName(undefined)).toBeNull();
  });
});

describe('the user as clients see it', () => {
  it('is snake_case with RFC 3339 UTC timestamps and never the password hash', () => {
    const created = new Date('2026-01-15T10:00:00Z');
    const json = toUserJson({
      id: '01900000-0000-7000-8000-000000000000',
      email: 'ada@example.com',
      name: null,
      role: 'customer',
      passwordHash: '$argon2id$secret',
      active: true,
      createdAt: created,
      updatedAt: created,
    });
    expect(json).toEqual({
      id: '01900000-0000-7000-8000-000000000000',
      email: 'ada@example.com',
      name: null,
      role: 'customer',
      active: true,
      created_at: '2026-01-15T10:00:00.000Z',
      updated_at: '2026-01-15T10:00:00.000Z',
    });
    expect(JSON.stringify(json)).not.toContain('argon2');
  });
});
