import { ValidationError } from '@bodega/errors';

/** ARCHITECTURE "Identity and access" via issue 2: at least 10 characters. */
export const MIN_PASSWORD_LENGTH = 10;
/** Long passphrases are welcome; past this a "password" is more likely an attempt to burn CPU. */
export const MAX_PASSWORD_LENGTH = 256;

/** Characters as people count them in most scripts (code points, not UTF-16 units). */
export function characterCount(text: string): number {
  let count = 0;
  for (const _codePoint of text) count++;
  return count;
}

/**
 * Throws when `password` breaks the policy. Length counts characters as people see them (code
 * points), so a passphrase in any script is measured fairly.
 */
export function assertPasswordPolicy(password: string): void {
  const length = characterCount(password);
  if (length < MIN_PASSWORD_LENGTH) {
    throw ValidationError(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long`, {
      code: 'WEAK_PASSWORD',
      details: { field: 'password', min_length: MIN_PASSWORD_LENGTH },
    });
  }
  if (length > MAX_PASSWORD_LENGTH) {
    throw ValidationError(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long`, {
      code: 'WEAK_PASSWORD',
      details: { field: 'password', max_length: MAX_PASSWORD_LENGTH },
    });
  }
  if (password.trim().length === 0) {
    throw ValidationError('The password must not be only spaces', {
      code: 'WEAK_PASSWORD',
      details: { field: 'password' },
    });
  }
}
