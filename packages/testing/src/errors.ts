import { expect } from 'vitest';

/**
 * The standard error body (ARCHITECTURE "Errors") with `code`, as an asymmetric matcher:
 * `expect(response.json()).toEqual(standardError('NOT_FOUND'))`.
 */
export function standardError(code: string) {
  return {
    error: {
      code,
      message: expect.any(String) as string,
      details: expect.any(Object) as Record<string, unknown>,
      timestamp: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/) as string,
      request_id: expect.any(String) as string,
    },
  };
}
