import { BadGateway } from '@bodega/errors';
import { upstreamErrorCodes } from './failures.js';
import type { Headers, UpstreamResponse } from './types.js';

/** Wraps a buffered answer of `upstream`. */
export function upstreamResponse(
  upstream: string,
  status: number,
  headers: Headers,
  body: Buffer,
): UpstreamResponse {
  const json = (): unknown => {
    try {
      return JSON.parse(body.toString('utf8'));
    } catch (error) {
      throw BadGateway(`${upstream} answered with a body that is not JSON`, {
        code: upstreamErrorCodes.badResponse,
        details: { upstream, status },
        cause: error,
      });
    }
  };
  return { status, headers, body, json: json as UpstreamResponse['json'] };
}
