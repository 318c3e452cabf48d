import { describe, expect, it } from 'vitest';
import { encodeBody, outgoingHeaders } from './request-body.js';

describe('outgoing headers', () => {
  it('drops hop-by-hop headers, those the Connection header names, and undefined values', () => {
    expect(
      outgoingHeaders({
        Host: 'api.example.com',
        connection: ['keep-alive, X-Trace-Hop', 'x-other-hop'],
        'x-trace-hop': '1',
        'x-other-hop': '1',
        'transfer-encoding': 'chunked',
        'Content-Length': '12',
        Authorization: 'Bearer t',
        'x-empty': undefined,
        'set-cookie': ['a=1', 'b=2'],
      }),
    ).toEqual({ authorization: 'Bearer t', 'set-cookie': ['a=1', 'b=2'] });
  });

  it('sends no headers when given none', () => {
    expect(outgoingHeaders()).toEqual({});
  });
});

describe('request bodies', () => {
  it('sends strings and Buffers as they are, without guessing a content type', () => {
    const bytes = Buffer.from([1, 2]);
    expect(encodeBody('text')).toEqual({ payload: 'text' });
    expect(encodeBody(bytes)).toEqual({ payload: bytes });
    expect(encodeBody(undefined)).toEqual({ payload: undefined });
  });

  it('sends other objects as JSON', () => {
    expect(encodeBody({ a: [1] })).toEqual({ payload: '{"a":[1]}', contentType: 'application/json' });
    expect(encodeBody([1, 2])).toEqual({ payload: '[1,2]', contentType: 'application/json' });
  });
});
