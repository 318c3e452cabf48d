import { encodings, type Encoding } from './static-files.js';

/**
 * The encoding to answer in among those a file has, by the request's `Accept-Encoding` (RFC 9110
 * section 12.5.3): a coding the client gave `q=0` is refused, `*` stands for any coding it did not
 * name, and among acceptable ones the server's order (brotli, then gzip: smaller first) decides, as
 * browsers give them all the same weight. Undefined: send the plain bytes.
 */
export function chooseEncoding(
  header: string | undefined,
  available: Partial<Record<Encoding, Buffer>>,
): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token = '', ...parameters] = part.split(';').map((piece) => piece.trim().toLowerCase());
    if (token === '') continue;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    weights.set(token, Number.isFinite(weight) ? weight : 0);
  }
  const wildcard = weights.get('*') ?? 0;
  return encodings.find(
    (encoding) => available[encoding] !== undefined && (weights.get(encoding) ?? wildcard) > 0,
  );
}
