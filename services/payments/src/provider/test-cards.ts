import { AppError } from '@bodega/errors';

/**
 * The documented test cards of the simulated provider (README "Test cards"). Any other number that
 * passes the Luhn check is approved.
 */
export const TEST_CARDS = {
  '4242424242424242': { outcome: 'approved' },
  '4000000000000002': { outcome: 'declined', reason: 'card_declined' },
  '4000000000009995': { outcome: 'declined', reason: 'insufficient_funds' },
  '4000000000000259': { outcome: 'slow' },
  '4000000000000119': { outcome: 'provider_error' },
} as const satisfies Record<string, CardBehaviour>;

/** What the provider does with a card. */
export type CardBehaviour =
  | { outcome: 'approved' }
  | { outcome: 'declined'; reason: string }
  /** Approves, but only after `PROVIDER_SLOW_MS`: longer than any caller waits. */
  | { outcome: 'slow' }
  /** The provider fails (502): nothing is decided, the call may be retried. */
  | { outcome: 'provider_error' };

/** A card number as the provider sees it: its digits, and the last four we may keep. */
export interface Card {
  digits: string;
  last4: string;
}

/**
 * Reads a card number: spaces and dashes are ignored; 12 to 19 digits that pass the Luhn check, or
 * 422 `INVALID_CARD_NUMBER` (a typo, caught before the provider is asked).
 */
export function parseCard(cardNumber: string): Card {
  const digits = cardNumber.replace(/[\s-]/g, '');
  if (!/^[0-9]{12,19}$/.test(digits) || !luhnValid(digits)) {
    throw new AppError('unprocessable', 'The card number is not valid', {
      code: 'INVALID_CARD_NUMBER',
      details: { field: 'card_number' },
    });
  }
  return { digits, last4: digits.slice(-4) };
}

/** The Luhn (mod 10) checksum every card number carries: doubling every second digit from the right. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let index = 0; index < digits.length; index += 1) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/** What the simulated provider does with `card`. */
export function behaviourOf(card: Card): CardBehaviour {
  return (TEST_CARDS as Record<string, CardBehaviour | undefined>)[card.digits] ?? { outcome: 'approved' };
}
