import { describe, expect, it } from 'vitest';
import { isAppError } from '@bodega/errors';
import { createServiceTokenSigner } from './service-token.js';
import { SERVICE_TOKEN_HEADER, serviceTokenGuard } from './service-token-guard.js';

const SECRET = 'a-service-token-secret-of-32-bytes!!';
const NOW = new Date('2026-01-15T10:00:00Z');

async function codeOf(promise: Promise<unknown>) {
  const error = await promise.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return isAppError(error) ? error.code : error;
}

const call = (token: string | undefined) => ({ headers: { [SERVICE_TOKEN_HEADER]: token } });

describe('the guard of internal routes', () => {
  it('lets a valid token through on every call, and refuses it once expired though it verified before', async () => {
    let now = NOW;
    const signer = createServiceTokenSigner(SECRET, 'orders', { now: () => NOW });
    const guard = serviceTokenGuard(SECRET, { now: () => now });
    const token = await signer.token();
    await expect(guard(call(token))).resolves.toBeUndefined();
    await expect(guard(call(token))).resolves.toBeUndefined();

    // One minute of life, five seconds of tolerated skew.
    now = new Date(NOW.getTime() + 64_000);
    await expect(guard(call(token))).resolves.toBeUndefined();
    now = new Date(NOW.getTime() + 66_000);
    expect(await codeOf(guard(call(token)))).toBe('TOKEN_EXPIRED');
  });

  it('never remembers a token that failed: a wrong secret or a service not allowed fails every time', async () => {
    const stranger = await createServiceTokenSigner('another-secret-of-at-least-32-bytes!', 'orders').token();
    const guard = serviceTokenGuard(SECRET, { allowedServices: ['orders'] });
    expect(await codeOf(guard(call(stranger)))).toBe('INVALID_TOKEN');
    expect(await codeOf(guard(call(stranger)))).toBe('INVALID_TOKEN');

    const search = await createServiceTokenSigner(SECRET, 'search').token();
    expect(await codeOf(guard(call(search)))).toBe('SERVICE_NOT_ALLOWED');
    expect(await codeOf(guard(call(search)))).toBe('SERVICE_NOT_ALLOWED');
    expect(await codeOf(guard(call(undefined)))).toBe('AUTHENTICATION_REQUIRED');
  });
});
