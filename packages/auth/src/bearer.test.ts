import { describe, expect, it } from 'vitest';
import { parseBearer } from './bearer.js';

describe('parseBearer', () => {
  it('returns the token of a Bearer header, whatever the case of the scheme', () => {
    expect(parseBearer('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(parseBearer('bearer abc.def-_ghi')).toBe('abc.def-_ghi');
    expect(parseBearer('BEARER  abc.def.ghi ')).toBe('abc.def.ghi');
  });

  it('returns undefined when there is no header, so the request is anonymous', () => {
    expect(parseBearer(undefined)).toBeUndefined();
    expect(parseBearer('')).toBeUndefined();
    expect(parseBearer('   ')).toBeUndefined();
  });

  it.each([
    ['another scheme', 'Basic dXNlcjpwYXNz'],
    ['Bearer with nothing', 'Bearer'],
    ['Bearer with only spaces', 'Bearer    '],
    ['a bare token', 'abc.def.ghi'],
    ['two tokens', 'Bearer abc def'],
    ['characters outside token68', 'Bearer abc"def'],
    ['a scheme glued to the token', 'Bearerabc.def.ghi'],
  ])('rejects %s as INVALID_TOKEN', (_, header) => {
    expect(() => parseBearer(header)).toThrow(
      expect.objectContaining({
        kind: 'unauthorized',
        code: 'INVALID_TOKEN',
        message: 'The Authorization header must be "Bearer <token>"',
      }),
    );
  });
});
