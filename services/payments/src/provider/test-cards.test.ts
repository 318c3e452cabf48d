import { describe, expect, it } from 'vitest';
import { behaviourOf, luhnValid, parseCard, TEST_CARDS } from './test-cards.js';

describe('test cards', () => {
  it('documents only numbers that pass the Luhn check', () => {
    for (const digits of Object.keys(TEST_CARDS)) expect(luhnValid(digits), digits).toBe(true);
  });

  it('reads numbers with spaces or dashes as their digits and keeps only the last four', () => {
    expect(parseCard('4242 4242 4242 4242')).toEqual({ digits: '4242424242424242', last4: '4242' });
    expect(parseCard('4000-0000-0000-0002').last4).toBe('0002');
  });

  it('rejects numbers failing the Luhn check, too short or too long, with INVALID_CARD_NUMBER', () => {
    for (const number of ['4242 4242 4242 4241', '4242 4242 42', '4'.repeat(20), '0000 0000 000a']) {
      expect(() => parseCard(number), number).toThrow(
        expect.objectContaining({ code: 'INVALID_CARD_NUMBER', kind: 'unprocessable' }),
      );
    }
  });

  it('approves, declines, stalls or fails as the table says, and approves any other valid number', () => {
    expect(behaviourOf(parseCard('4242424242424242'))).toEqual({ outcome: 'approved' });
    expect(behaviourOf(parseCard('4000000000000002'))).toEqual({
      outcome: 'declined',
      reason: 'card_declined',
    });
    expect(behaviourOf(parseCard('4000000000009995'))).toEqual({
      outcome: 'declined',
      reason: 'insufficient_funds',
    });
    expect(behaviourOf(parseCard('4000000000000259'))).toEqual({ outcome: 'slow' });
    expect(behaviourOf(parseCard('4000000000000119'))).toEqual({ outcome: 'provider_error' });
    expect(behaviourOf(parseCard('5555 5555 5555 4444'))).toEqual({ outcome: 'approved' });
  });
});
