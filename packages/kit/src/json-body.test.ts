import { describe, expect, it } from 'vitest';
import { isAppError } from '@bodega/errors';
import { silentLogger } from '@bodega/logging';
import { everyJsonEncoding, expectError, utf16, utf32 } from '@bodega/testing';
import { createMetricsRegistry } from './metrics.js';
import { createService } from './service.js';
import { parseJsonBody, readJsonText } from './json-body.js';

const text = '{"email":"zoë@example.com","note":"😀 ok"}';

function refusal(read: () => unknown): { kind: string; code: string } {
  try {
    read();
  } catch (error) {
    if (isAppError(error)) return { kind: error.kind, code: error.code };
    throw error;
  }
  throw new Error('read without an error');
}

describe('reading a JSON body', () => {
  it.each(Object.entries(everyJsonEncoding(text)))('reads %s as the same text', (_name, bytes) => {
    expect(readJsonText(bytes)).toBe(text);
    expect(parseJsonBody(bytes)).toEqual(JSON.parse(text));
  });

  it.each(Object.entries(everyJsonEncoding('7')))('reads a one-character text in %s', (_name, bytes) => {
    expect(parseJsonBody(bytes)).toBe(7);
  });

  it('goes by the bytes, whichever Unicode charset the content type names', () => {
    const bytes = utf16(text, true);
    expect(readJsonText(bytes, 'application/json; charset=utf-16le')).toBe(text);
    expect(readJsonText(bytes, 'application/json; charset="UTF-8"')).toBe(text);
    expect(readJsonText(Buffer.from(text), 'application/json;charset=utf-16')).toBe(text);
  });

  it('refuses a charset that is not Unicode with a 415', () => {
    expect(refusal(() => readJsonText(Buffer.from('{}'), 'application/json; charset=iso-8859-1'))).toEqual({
      kind: 'unsupported_media_type',
      code: 'UNSUPPORTED_MEDIA_TYPE',
    });
  });

  it.each([
    ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d])],
    ['an encoded surrogate in UTF-8', Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])],
    ['a truncated UTF-8 sequence', Buffer.from([0x22, 0xe2, 0x82])],
    [
      'a lone surrogate in UTF-16',
      Buffer.concat([utf16('"', true), Buffer.from([0x00, 0xd8]), utf16('"', true)]),
    ],
    ['UTF-16 of an odd length', Buffer.concat([utf16('"a"', true), Buffer.from([0x20])])],
    [
      'a surrogate in UTF-32',
      Buffer.concat([utf32('"', false), Buffer.from([0, 0, 0xd8, 0]), utf32('"', false)]),
    ],
    [
      'a code point past U+10FFFF in UTF-32',
      Buffer.concat([utf32('"', true), Buffer.from([0, 0, 0x11, 0]), utf32('"', true)]),
    ],
    ['UTF-32 of a length not a multiple of 4', Buffer.concat([utf32('1', true), Buffer.from([0x20])])],
    ['an unpaired surrogate escape', Buffer.from('{"name":"\\ud800"}')],
    ['an unpaired low surrogate escape in a key', Buffer.from('{"\\udc00":1}')],
    ['a lone surrogate escape deep inside', Buffer.from('{"a":[{"b":["ok","x\\udbff"]}]}')],
    ['text that is not JSON', Buffer.from('{"email":')],
    ['an empty body', Buffer.alloc(0)],
  ])('refuses %s with a 400', (_name, bytes) => {
    expect(refusal(() => parseJsonBody(bytes))).toEqual({ kind: 'validation', code: 'MALFORMED_JSON' });
  });

  it('keeps escaped surrogate pairs, and escapes that are only text', () => {
    expect(parseJsonBody(Buffer.from('{"smile":"\\ud83d\\ude00","path":"C:\\\\ud800"}'))).toEqual({
      smile: '😀',
      path: 'C:\\ud800',
    });
  });

  it('hands the text to the parser it is given, and keeps that parser’s errors', () => {
    const own = new Error('forbidden key');
    expect(() =>
      parseJsonBody(Buffer.from('{}'), undefined, () => {
        throw own;
      }),
    ).toThrow(own);
  });
});

describe('every service reads JSON bodies this way', () => {
  async function echo() {
    const app = createService({
      name: 'demo',
      logger: silentLogger(),
      metrics: createMetricsRegistry('demo'),
    });
    app.post('/echo', async (request) => ({ received: request.body }));
    await app.ready();
    return app;
  }
  const post = (app: Awaited<ReturnType<typeof echo>>, payload: Buffer, contentType = 'application/json') =>
    app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': contentType }, payload });

  it('answers the same value for a body in any encoding JSON allows', async () => {
    const app = await echo();
    for (const [encoding, bytes] of Object.entries(everyJsonEncoding(text))) {
      const response = await post(app, bytes);
      expect(response.statusCode, encoding).toBe(200);
      expect(response.json(), encoding).toEqual({ received: JSON.parse(text) });
    }
    await app.close();
  });

  it('answers 400 for bytes that are not text, and 415 for a charset that is not Unicode', async () => {
    const app = await echo();
    for (const bytes of [Buffer.from([0x22, 0xff, 0x22]), Buffer.from('{"a":"\\udfff"}'), Buffer.alloc(0)]) {
      expectError(await post(app, bytes), 400, 'MALFORMED_JSON');
    }
    expectError(
      await post(app, Buffer.from('{"a":1}'), 'application/json; charset=latin1'),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    // Fastify's guard against prototype poisoning still stands behind the decoding.
    expectError(await post(app, Buffer.from('{"__proto__":{"admin":true}}')), 400, 'MALFORMED_JSON');
    await app.close();
  });
});
