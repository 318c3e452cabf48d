import { describe, expect, it } from 'vitest';
import {
  hashRefreshToken,
  judgeRefreshToken,
  looksLikeRefreshToken,
  newRefreshToken,
  refreshTokenExpiry,
} from './refresh-tokens.js';

const now = new Date('2026-01-15T10:00:00Z');
const later = new Date('2026-01-16T10:00:00Z');
const earlier = new Date('2026-01-14T10:00:00Z');

describe('refresh tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(looksLikeRefreshToken(a)).toBe(true);
    expect(newRefreshToken()).not.toBe(a);
  });

  it('are stored as their SHA-256, never as themselves', () => {
    const token = newRefreshToken();
    expect(hashRefreshToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashRefreshToken(token)).not.toContain(token);
    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
  });

  it('reject anything that is not shaped like one before any lookup', () => {
    expect(looksLikeRefreshToken('')).toBe(false);
    expect(looksLikeRefreshToken('x'.repeat(44))).toBe(false);
    expect(looksLikeRefreshToken(`${'a'.repeat(42)}=`)).toBe(false);
  });

  it('expire after the configured number of days', () => {
    expect(refreshTokenExpiry(now, 30).toISOString()).toBe('2026-02-14T10:00:00.000Z');
  });
});

describe('judging a presented refresh token', () => {
  const open = { revokedAt: null };

  it('rotates a fresh token of an open session', () => {
    expect(judgeRefreshToken({ rotatedAt: null, expiresAt: later }, open, now)).toBe('rotate');
  });

  it('calls an already rotated token reuse, even when its session has ended or it has expired', () => {
    expect(judgeRefreshToken({ rotatedAt: earlier, expiresAt: later }, open, now)).toBe('reused');
    expect(judgeRefreshToken({ rotatedAt: earlier, expiresAt: earlier }, { revokedAt: earlier }, now)).toBe(
      'reused',
    );
  });

  it('refuses a token of an ended session', () => {
    expect(judgeRefreshToken({ rotatedAt: null, expiresAt: later }, { revokedAt: earlier }, now)).toBe(
      'revoked',
    );
  });

  it('refuses a token past its expiry, to the second', () => {
    expect(judgeRefreshToken({ rotatedAt: null, expiresAt: earlier }, open, now)).toBe('expired');
    expect(judgeRefreshToken({ rotatedAt: null, expiresAt: now }, open, now)).toBe('expired');
  });
});
