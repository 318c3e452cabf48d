// @vitest-environment jsdom
import { screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { errorBody, renderPage, session } from '../test/render';
import { SignInPage } from './sign-in';

describe('the sign-in form', () => {
  it('says what is missing before calling the API', async () => {
    const page = renderPage(<SignInPage />, { path: '/sign-in', handler: () => undefined });
    await page.user.click(await screen.findByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Enter your email address')).toBeTruthy();
    expect(screen.getByText('Enter your password')).toBeTruthy();
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true');
    expect(page.calls.filter((call) => call.path === '/api/v1/auth/login')).toEqual([]);
  });

  it('says wrong email or password on a 401, and keeps what was typed', async () => {
    const page = renderPage(<SignInPage />, {
      path: '/sign-in',
      handler: () => ({ status: 401, body: errorBody('INVALID_CREDENTIALS', 'Invalid email or password') }),
    });
    await page.user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await page.user.type(screen.getByLabelText('Password'), 'not the password');
    await page.user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect((await screen.findByRole('alert')).textContent).toBe('Wrong email or password.');
    expect(screen.getByLabelText<HTMLInputElement>('Email').value).toBe('ada@example.com');
  });

  it('signs in as the web client (refresh token in a cookie) and goes where it was asked to', async () => {
    const page = renderPage(<SignInPage />, {
      path: '/sign-in?next=/account/orders',
      route: '/sign-in',
      handler: (call) => (call.path === '/api/v1/auth/login' ? { status: 200, body: session } : undefined),
    });
    await page.user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await page.user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await page.user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('Elsewhere')).toBeTruthy();
    const login = page.calls.find((call) => call.path === '/api/v1/auth/login')!;
    expect(login.headers.get('x-bodega-client')).toBe('web');
    expect(login.body).toEqual({ email: 'ada@example.com', password: 'correct horse battery' });
  });

  it('never follows a next= that leaves the site', async () => {
    const page = renderPage(<SignInPage />, {
      path: '/sign-in?next=//evil.example/steal',
      route: '/sign-in',
      handler: (call) => (call.path === '/api/v1/auth/login' ? { status: 200, body: session } : undefined),
    });
    await page.user.type(await screen.findByLabelText('Email'), 'ada@example.com');
    await page.user.type(screen.getByLabelText('Password'), 'correct horse battery');
    await page.user.click(screen.getByRole('button', { name: 'Sign in' }));
    await waitFor(() => expect(screen.queryByLabelText('Email')).toBeNull());
    expect(screen.getByText('Elsewhere')).toBeTruthy();
  });
});
