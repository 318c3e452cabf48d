import { describe, expect, it } from 'vitest';
import { assertPasswordPolicy } from './password-policy.js';

const codeOf = (password: string) => {
  try {
    assertPasswordPolicy(password);
    return 'ok';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('password policy', () => {
  it('accepts a password of exactly ten characters', () => {
    expect(codeOf('abcdefghij')).toBe('ok');
  });

  it('rejects nine characters as a weak password, saying the minimum', () => {
    expect(codeOf('abcdefghi')).toBe('WEAK_PASSWORD');
    expect(() => {
      assertPasswordPolicy('abcdefghi');
    }).toThrow('at least 10 characters');
  });

  it('counts characters, not bytes, so a ten-emoji passphrase passes and five do not', () => {
    expect(codeOf('🔑'.repeat(10))).toBe('ok');
    expect(codeOf('🔑'.repeat(5))).toBe('WEAK_PASSWORD');
  });

  it('rejects more than 256 characters', () => {
    expect(codeOf('a'.repeat(256))).toBe('ok');
    expect(codeOf('a'.repeat(257))).toBe('WEAK_PASSWORD');
  });

  it('rejects a password made only of spaces', () => {
    expect(codeOf(' '.repeat(12))).toBe('WEAK_PASSWORD');
  });
});
