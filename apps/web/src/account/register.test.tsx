// @vitest-environment jsdom
import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorBody, renderPage } from '../test/render';
import { RegisterPage } from './register';

async function fill(
  page: ReturnType<typeof renderPage>,
  values: { name?: string; email: string; password: string },
) {
  if (values.name) await page.user.type(await screen.findByLabelText('Name'), values.name);
  await page.user.type(await screen.findByLabelText('Email'), values.email);
  await page.user.type(screen.getByLabelText('Password'), values.password);
  await page.user.click(screen.getByRole('button', { name: 'Create account' }));
}

describe('the registration form', () => {
  it('checks the password length on the client', async () => {
    const page = renderPage(<RegisterPage />, { path: '/register', handler: () => undefined });
    await fill(page, { email: 'ada@example.com', password: 'short' });
    expect(await screen.findByText('Use at least 10 characters')).toBeTruthy();
    expect(page.calls.some((call) => call.path === '/api/v1/auth/register')).toBe(false);
  });

  it("puts the server's error for a taken email next to the email field", async () => {
    const page = renderPage(<RegisterPage />, {
      path: '/register',
      handler: () => ({
        status: 409,
        body: errorBody('EMAIL_TAKEN', 'An account with this email already exists', { field: 'email' }),
      }),
    });
    await fill(page, { email: 'ada@example.com', password: 'correct horse battery' });
    const message = await screen.findByText('An account with this email already exists');
    expect(screen.getByLabelText('Email').getAttribute('aria-describedby')).toContain(message.id);
  });

  it("puts the server's schema issues next to their fields", async () => {
    const page = renderPage(<RegisterPage />, {
      path: '/register',
      handler: () => ({
        status: 400,
        body: errorBody('VALIDATION_ERROR', 'Invalid request body', {
          location: 'body',
          issues: [{ field: 'name', message: 'must NOT have more than 100 characters' }],
        }),
      }),
    });
    await fill(page, { name: 'Ada', email: 'ada@example.com', password: 'correct horse battery' });
    expect(await screen.findByText('Name must NOT have more than 100 characters')).toBeTruthy();
    expect(screen.getByLabelText('Name').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows an error no field owns above the form', async () => {
    const page = renderPage(<RegisterPage />, {
      path: '/register',
      handler: () => ({ status: 429, body: errorBody('RATE_LIMITED', 'Too many requests') }),
    });
    await fill(page, { email: 'ada@example.com', password: 'correct horse battery' });
    expect((await screen.findByRole('alert')).textContent).toBe(
      'Too many requests: wait a moment and try again.',
    );
  });
});
