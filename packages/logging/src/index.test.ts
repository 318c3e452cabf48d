import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger, silentLogger } from './index.js';

function capture(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return {
    stream,
    lines: () =>
      chunks
        .join('')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>),
  };
}

describe('createLogger', () => {
  it('writes JSON lines with time, level, service and msg', () => {
    const out = capture();
    const logger = createLogger({ service: 'identity', destination: out.stream });
    logger.child({ request_id: 'r1', trace_id: 't1' }).info('user registered');
    const [line] = out.lines();
    expect(line).toMatchObject({
      level: 'info',
      service: 'identity',
      msg: 'user registered',
      request_id: 'r1',
      trace_id: 't1',
    });
    expect(typeof line?.time).toBe('string');
    expect(new Date(line?.time as string).toISOString()).toBe(line?.time);
  });

  it('redacts passwords, tokens, authorization and cookies', () => {
    const out = capture();
    const logger = createLogger({ service: 'identity', destination: out.stream });
    logger.info(
      {
        body: { email: 'a@b.c', password: 'hunter22', refresh_token: 'rt' },
        req: { headers: { authorization: 'Bearer abc', cookie: 'sid=1' } },
        access_token: 'at',
      },
      'login',
    );
    const text = JSON.stringify(out.lines()[0]);
    for (const secret of ['hunter22', 'Bearer abc', 'sid=1', '"rt"', '"at"'])
      expect(text).not.toContain(secret);
    expect(text).toContain('a@b.c');
    expect(text).toContain('[redacted]');
  });

  it('can be silenced', () => {
    expect(silentLogger().level).toBe('silent');
  });
});
