import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '@bodega/errors';

/**
 * How Bodega reads a JSON request body, the one way every service and the gateway read it: the
 * gateway keys its per-email login counter on exactly the bodies identity accepts.
 *
 * RFC 8259 §8.1 asks for UTF-8 and lets a parser ignore a byte order mark; RFC 7159 and RFC 4627 also
 * allowed UTF-16 and UTF-32, told apart by a BOM or by where the NUL bytes fall among the first four
 * (the first two characters of a JSON text are ASCII). Every one of them is read; bytes that are not
 * valid in the encoding found (invalid UTF-8, a lone surrogate) are a 400, never a replacement
 * character, and a `charset` naming something else than Unicode is a 415.
 */

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** Charset labels a JSON body may declare (RFC 8259 §11 defines none; these are what clients send). */
const unicodeCharsets = new Set([
  'utf-8',
  'utf8',
  'us-ascii',
  'utf-16',
  'utf-16le',
  'utf-16be',
  'utf-32',
  'utf-32le',
  'utf-32be',
]);

const charsetPattern = /;\s*charset\s*=\s*"?([^";\s]*)/i;

function malformed(reason: string): AppError {
  return new AppError('validation', `The request body is not valid JSON text: ${reason}`, {
    code: 'MALFORMED_JSON',
  });
}

/** The encoding of a JSON text and the length of its byte order mark (RFC 4627 §3, RFC 8259 §8.1). */
function encodingOf(bytes: Uint8Array): { encoding: Encoding; bom: number } {
  const [a, b, c, d] = bytes;
  if (a === 0xef && b === 0xbb && c === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (a === 0x00 && b === 0x00 && c === 0xfe && d === 0xff) return { encoding: 'utf-32be', bom: 4 };
  // Before UTF-16LE's FF FE: a UTF-16 text cannot go on with U+0000, which JSON never holds raw.
  if (a === 0xff && b === 0xfe && c === 0x00 && d === 0x00) return { encoding: 'utf-32le', bom: 4 };
  if (a === 0xfe && b === 0xff) return { encoding: 'utf-16be', bom: 2 };
  if (a === 0xff && b === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (bytes.length >= 4 && a === 0 && b === 0 && c === 0 && d !== 0) return { encoding: 'utf-32be', bom: 0 };
  if (bytes.length >= 4 && a !== 0 && b === 0 && c === 0 && d === 0) return { encoding: 'utf-32le', bom: 0 };
  if (bytes.length >= 2 && a === 0 && b !== 0) return { encoding: 'utf-16be', bom: 0 };
  if (bytes.length >= 2 && a !== 0 && b === 0) return { encoding: 'utf-16le', bom: 0 };
  return { encoding: 'utf-8', bom: 0 };
}

// `fatal`: a broken sequence throws instead of becoming U+FFFD, which would let two different bodies
// read as one (and store text the client never sent).
const decoders = {
  'utf-8': new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }),
  'utf-16le': new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }),
  'utf-16be': new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true }),
};

/** UTF-32, which the WHATWG decoders Node has do not cover: code points, none of them a surrogate. */
function decodeUtf32(bytes: Uint8Array, littleEndian: boolean): string {
  if (bytes.length % 4 !== 0) throw malformed('UTF-32 text of a length not a multiple of 4');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: string[] = [];
  let chunk: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) {
    const point = view.getUint32(offset, littleEndian);
    if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff))
      throw malformed('not a Unicode scalar value in UTF-32');
    chunk.push(point);
    // fromCodePoint takes its arguments on the stack: a bounded number at a time.
    if (chunk.length === 8192) {
      parts.push(String.fromCodePoint(...chunk));
      chunk = [];
    }
  }
  parts.push(String.fromCodePoint(...chunk));
  return parts.join('');
}

/**
 * The text of a JSON request body: decoded from UTF-8, UTF-16 or UTF-32 (found by BOM or by the NUL
 * bytes of its first characters), without its BOM.
 * @throws AppError `validation` (MALFORMED_JSON) when the bytes are not valid in that encoding;
 *   `unsupported_media_type` when `contentType` declares a charset that is not a Unicode encoding.
 */
export function readJsonText(body: Uint8Array, contentType?: string): string {
  const charset = charsetPattern.exec(contentType ?? '')?.[1]?.toLowerCase();
  if (charset !== undefined && !unicodeCharsets.has(charset)) {
    throw new AppError('unsupported_media_type', 'JSON is read in UTF-8, UTF-16 or UTF-32 only', {
      details: { charset: charset.slice(0, 40) },
    });
  }
  const { encoding, bom } = encodingOf(body);
  const text = body.subarray(bom);
  if (encoding === 'utf-32le' || encoding === 'utf-32be') return decodeUtf32(text, encoding === 'utf-32le');
  try {
    return decoders[encoding].decode(text);
  } catch {
    throw malformed(encoding === 'utf-8' ? 'invalid UTF-8' : 'invalid UTF-16 (a lone surrogate?)');
  }
}

/** Whether every string in `value`, keys included, is well-formed UTF-16 (no unpaired surrogate). */
function wellFormed(value: unknown): boolean {
  if (typeof value === 'string') return !loneSurrogate.test(value);
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) return value.every(wellFormed);
  return Object.entries(value).every(([key, field]) => !loneSurrogate.test(key) && wellFormed(field));
}

const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * A JSON request body's value: `readJsonText`, then `parse` (JSON.parse by default). A `\uD800` escape
 * left unpaired is refused too: it names no character, and no database column stores it as text.
 * @throws AppError `validation` (MALFORMED_JSON) for text that is not JSON; what `readJsonText` throws.
 */
export function parseJsonBody(
  body: Uint8Array,
  contentType?: string,
  parse: (text: string) => unknown = JSON.parse,
): unknown {
  const text = readJsonText(body, contentType);
  let value: unknown;
  try {
    value = parse(text);
  } catch (error) {
    // Anything else is the parser's own answer (Fastify's empty-body and invalid-JSON errors).
    throw error instanceof SyntaxError ? malformed('not JSON') : error;
  }
  // Only an escape can make a lone surrogate here (decoding refused raw ones): most bodies skip the walk.
  if (text.includes('\\u') && !wellFormed(value)) throw malformed('an unpaired surrogate escape');
  return value;
}

/**
 * Makes `scope` read `application/json` bodies with `parseJsonBody` (and Fastify's guard against
 * `__proto__` and `constructor` keys): the kit installs it on every service; a scope that replaces its
 * parsers calls it again, and a scope that reads JSON sent under another type (`text/plain` beacons)
 * names that type.
 */
export function installJsonBodyParser(
  scope: FastifyInstance,
  contentType = 'application/json',
  options: { bodyLimit?: number } = {},
): void {
  const secure = scope.getDefaultJsonParser('error', 'error');
  const parse = (text: string): unknown => {
    let parsed: unknown;
    // Fastify's parser answers synchronously (it returns nothing to wait for); its errors (empty
    // body, invalid JSON) keep their codes.
    void secure(undefined as unknown as FastifyRequest, text, (error, value) => {
      if (error) throw error;
      parsed = value;
    });
    return parsed;
  };
  if (scope.hasContentTypeParser(contentType)) scope.removeContentTypeParser(contentType);
  const parserOptions = { parseAs: 'buffer' as const, bodyLimit: options.bodyLimit };
  scope.addContentTypeParser(contentType, parserOptions, (request, body: Buffer, done) => {
    try {
      done(null, parseJsonBody(body, request.headers['content-type'], parse));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}
