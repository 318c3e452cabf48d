import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig, Type } from './index.js';

const schema = Type.Object({
  PORT: Type.Integer({ minimum: 0, maximum: 65535, default: 8101, description: 'HTTP port' }),
  DATABASE_URL: Type.Optional(Type.String({ description: 'PostgreSQL URL' })),
  LOG_LEVEL: Type.Union([Type.Literal('debug'), Type.Literal('info')], {
    default: 'info',
    description: 'Log level',
  }),
  ENABLED: Type.Boolean({ default: false, description: 'A flag' }),
});

describe('loadConfig', () => {
  it('converts strings to the declared types and applies defaults', () => {
    const config = loadConfig(schema, {
      service: 'x',
      env: { PORT: '9000', ENABLED: 'true' },
      envFile: false,
    });
    expect(config).toEqual({ PORT: 9000, LOG_LEVEL: 'info', ENABLED: true });
  });

  it('takes only decimal numbers, never a number nobody wrote', () => {
    const numbers = Type.Object({ COUNT: Type.Integer(), RATIO: Type.Number() });
    const load = (env: Record<string, string>) => loadConfig(numbers, { service: 'x', env, envFile: false });
    expect(load({ COUNT: ' 7 ', RATIO: '0.25' })).toEqual({ COUNT: 7, RATIO: 0.25 });
    expect(load({ COUNT: '-3', RATIO: '.5' })).toEqual({ COUNT: -3, RATIO: 0.5 });
    expect(load({ COUNT: '+4', RATIO: '1e-2' })).toEqual({ COUNT: 4, RATIO: 0.01 });
    // TypeBox alone reads these as 2, 1, 16 and 0.
    for (const [COUNT, RATIO] of [
      ['2.5', '1'],
      ['1e1', '1'],
      ['0x10', '1'],
      ['1', '0x10'],
      ['1', 'Infinity'],
      ['1', '1.2.3'],
    ] as const) {
      expect(() => load({ COUNT, RATIO }), `${COUNT} ${RATIO}`).toThrow(
        COUNT === '1' ? /RATIO: .*got "/ : /COUNT: .*got "/,
      );
    }
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(schema, { service: 'x', env: { PORT: '', DATABASE_URL: '' }, envFile: false });
    expect(config.PORT).toBe(8101);
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('lists every bad key with its value and description', () => {
    let error: unknown;
    try {
      loadConfig(schema, { service: 'identity', env: { PORT: 'abc', LOG_LEVEL: 'loud' }, envFile: false });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('Invalid configuration for identity');
    expect(message).toContain('PORT');
    expect(message).toContain('"abc"');
    expect(message).toContain('HTTP port');
    expect(message).toContain('LOG_LEVEL');
    expect((error as ConfigError).problems.length).toBe(2);
  });

  it('reads .env where the environment has no value', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-config-'));
    const file = path.join(dir, '.env');
    fs.writeFileSync(file, 'PORT=7000\nDATABASE_URL=postgres://a/b\n');
    const config = loadConfig(schema, { service: 'x', env: { PORT: '7001' }, envFile: file });
    expect(config.PORT).toBe(7001);
    expect(config.DATABASE_URL).toBe('postgres://a/b');
    expect(loadConfig(schema, { service: 'x', env: {}, envFile: path.join(dir, 'missing') }).PORT).toBe(8101);
  });

  it('describes its keys for documentation', () => {
    expect(describeConfig(schema)).toContainEqual({ key: 'PORT', description: 'HTTP port', default: 8101 });
    expect(describeConfig(schema)).toContainEqual({ key: 'DATABASE_URL', description: 'PostgreSQL URL' });
  });
});
