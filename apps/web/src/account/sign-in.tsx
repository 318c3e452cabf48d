import { ApiError } from '@bodega/client';
import { Type, type Static } from '@sinclair/typebox';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { messageOf } from '../api/errors';
import { useSession } from '../api/session';
import { Button } from '../ui/button';
import { Card, CardContent } from '../ui/card';
import { Field } from '../ui/field';
import { applyServerErrors, typeboxResolver } from '../ui/form';
import { Input } from '../ui/input';
import { Page } from '../ui/page';
import { safeNext } from './require-auth';

export const SignInForm = Type.Object({
  email: Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', errorMessage: 'Enter your email address' }),
  password: Type.String({ minLength: 1, errorMessage: 'Enter your password' }),
});
type SignInValues = Static<typeof SignInForm>;

export function SignInPage() {
  const { signIn, ended } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [formError, setFormError] = useState<string>();
  const form = useForm<SignInValues>({
    resolver: typeboxResolver(SignInForm),
    defaultValues: { email: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const next = safeNext(params.get('next'));

  return (
    <Page title="Sign in" className="max-w-md">
      <Card>
        <CardContent>
          <form
            noValidate
            aria-label="Sign in"
            className="flex flex-col gap-4"
            onSubmit={form.handleSubmit(async (values) => {
              setFormError(undefined);
              try {
                await signIn(values);
                void navigate(next, { replace: true });
              } catch (error) {
                if (error instanceof ApiError && error.status === 401)
                  setFormError('Wrong email or password.');
                else if (!applyServerErrors(error, form.setError, ['email', 'password']))
                  setFormError(messageOf(error));
              }
            })}
          >
            {ended && !formError && (
              <p role="status" className="rounded-md bg-amber-50 p-3 text-sm text-amber-900">
                Your session has ended. Please sign in again.
              </p>
            )}
            {formError && (
              <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900">
                {formError}
              </p>
            )}
            <Field label="Email" error={errors.email?.message}>
              <Input type="email" autoComplete="email" {...form.register('email')} />
            </Field>
            <Field label="Password" error={errors.password?.message}>
              <Input type="password" autoComplete="current-password" {...form.register('password')} />
            </Field>
            <Button type="submit" size="lg" pending={isSubmitting}>
              Sign in
            </Button>
            <p className="text-center text-sm text-slate-700">
              New here?{' '}
              <Link
                to={`/register?next=${encodeURIComponent(next)}`}
                className="font-semibold text-indigo-700 underline"
              >
                Create an account
              </Link>
            </p>
          </form>
        </CardContent>
      </Card>
    </Page>
  );
}
