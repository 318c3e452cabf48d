import { describe, expect, it } from 'vitest';
import { AppError, Conflict, errorBody, isAppError, kindForStatus, NotFound } from './index.js';

describe('error kinds', () => {
  it('maps a kind to its status and default code', () => {
    const error = NotFound('No such product');
    expect(error.status).toBe(404);
    expect(error.code).toBe('NOT_FOUND');
    expect(isAppError(error)).toBe(true);
    expect(isAppError(new Error('x'))).toBe(false);
  });

  it('keeps a precise code and details', () => {
    const error = Conflict('Not enough stock', { code: 'OUT_OF_STOCK', details: { available: 0 } });
    expect(error).toBeInstanceOf(AppError);
    expect(error.status).toBe(409);
    expect(error.code).toBe('OUT_OF_STOCK');
    expect(error.details).toEqual({ available: 0 });
  });

  it('finds the kind of a bare status', () => {
    expect(kindForStatus(413)).toBe('payload_too_large');
    expect(kindForStatus(418)).toBe('validation');
    expect(kindForStatus(599)).toBe('internal');
  });

  it('formats the standard body with an RFC 3339 UTC timestamp', () => {
    const body = errorBody('X', 'msg', 'req-1', {}, new Date('2026-01-15T10:00:00.123Z'));
    expect(body).toEqual({
      error: {
        code: 'X',
        message: 'msg',
        details: {},
        timestamp: '2026-01-15T10:00:00Z',
        request_id: 'req-1',
      },
    });
  });
});
