import { describe, expect, it } from 'vitest';
import { dataException } from './data-exception.js';

const withCode = (code: string, message = 'failed') => Object.assign(new Error(message), { code });
/** How drizzle wraps a failed query: its own message (with the SQL), the driver's error as the cause. */
const wrapped = (cause: unknown) => Object.assign(new Error('Failed query: select 1\nparams: '), { cause });

describe('dataException', () => {
  it('recognizes every SQLSTATE of class 22, raw or wrapped, with client-safe words', () => {
    expect(dataException(withCode('22003', 'value "99999999999" is out of range for type integer'))).toEqual({
      code: '22003',
      reason: 'A number is out of the range this field holds',
    });
    for (const code of ['22P02', '22001', '22007', '22008', '22021', '22023', '22012', '2200N'])
      expect(dataException(wrapped(withCode(code)))?.code, code).toBe(code);
    expect(dataException(withCode('22012'))?.reason).toBe('A value does not fit this field');
  });

  it('is undefined for anything else: constraints, outages, missing tables, non-errors', () => {
    for (const error of [
      withCode('23505'),
      withCode('42P01'),
      withCode('ECONNREFUSED'),
      withCode('220'),
      wrapped(withCode('57P01')),
      new Error('22003'),
      '22003',
      null,
      undefined,
    ])
      expect(dataException(error), String(error)).toBeUndefined();
  });
});
