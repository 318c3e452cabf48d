import { isAppError } from '@bodega/errors';
import { describe, expect, it } from 'vitest';
import { UpstreamServerError, classifyTransportError, isUpstreamFailure } from './failures.js';
import { upstreamResponse } from './response.js';

const withCode = (code: string, message = 'connect ECONNREFUSED 10.0.0.7:8102') =>
  Object.assign(new Error(message), { code });

describe('transport failures', () => {
  it('are unreachable upstreams when the connection fails, with no address in the message', () => {
    for (const code of ['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'EPIPE']) {
      const error = classifyTransportError('catalog', withCode(code));
      expect(error).toMatchObject({
        kind: 'bad_gateway',
        code: 'UPSTREAM_UNREACHABLE',
        message: 'catalog is unreachable',
      });
      expect(JSON.stringify(error)).not.toContain('10.0.0.7');
    }
  });

  it('are timeouts when a phase of the exchange took too long', () => {
    for (const code of [
      'UND_ERR_HEADERS_TIMEOUT',
      'UND_ERR_BODY_TIMEOUT',
      'UND_ERR_CONNECT_TIMEOUT',
      'ETIMEDOUT',
    ]) {
      expect(classifyTransportError('catalog', withCode(code))).toMatchObject({
        kind: 'timeout',
        code: 'UPSTREAM_TIMEOUT',
        details: { upstream: 'catalog' },
      });
    }
  });

  it('are left as they are when the request itself was wrong or the cause is unknown', () => {
    const invalid = withCode('UND_ERR_INVALID_ARG', 'invalid header');
    const plain = new Error('surprise');
    expect(classifyTransportError('catalog', invalid)).toBe(invalid);
    expect(classifyTransportError('catalog', plain)).toBe(plain);
    expect(classifyTransportError('catalog', 'a string')).toBe('a string');
    expect(classifyTransportError('catalog', { code: 42 })).toEqual({ code: 42 });
  });
});

describe('what counts against an upstream', () => {
  it('is a 5xx answer, an unreachable upstream or a timeout, nothing the caller caused', () => {
    const fiveHundred = new UpstreamServerError(upstreamResponse('catalog', 500, {}, Buffer.alloc(0)));
    expect(isUpstreamFailure(fiveHundred)).toBe(true);
    expect(isUpstreamFailure(classifyTransportError('catalog', withCode('ECONNREFUSED')))).toBe(true);
    expect(isUpstreamFailure(classifyTransportError('catalog', withCode('UND_ERR_HEADERS_TIMEOUT')))).toBe(
      true,
    );
    const invalid = classifyTransportError('catalog', withCode('UND_ERR_INVALID_ARG'));
    expect(isAppError(invalid)).toBe(false);
    expect(isUpstreamFailure(invalid)).toBe(false);
    expect(isUpstreamFailure(new DOMException('aborted', 'AbortError'))).toBe(false);
  });
});
