import { Type, type Static } from '@sinclair/typebox';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useApi } from '../api/context';
import { messageOf } from '../api/errors';
import { useSession } from '../api/session';
import { Button } from '../ui/button';
import { Card, CardContent } from '../ui/card';
import { Field } from '../ui/field';
import { applyServerErrors, typeboxResolver } from '../ui/form';
import { Input } from '../ui/input';
import { Page } from '../ui/page';
import { safeNext } from './require-auth';

// Identity's rules (services/identity/src/passwords/password-policy.ts), checked here first.
export const RegisterForm = Type.Object({
  name: Type.String({ maxLength: 100, errorMessage: 'Keep the name under 100 characters' }),
  email: Type.String({
    pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$',
    maxLength: 254,
    errorMessage: 'Enter a valid email address',
  }),
  password: Type.String({ minLength: 10, maxLength: 256, errorMessage: 'Use at least 10 characters' }),
});
export type RegisterValues = Static<typeof RegisterForm>;

export function RegisterPage() {
  const bodega = useApi();
  const { signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [formError, setFormError] = useState<string>();
  const form = useForm<RegisterValues>({
    resolver: typeboxResolver(RegisterForm),
    defaultValues: { name: '', email: '', password: '' },
  });
  const { errors, isSubmitting } = form.formState;

  return (
    <Page title="Create an account" className="max-w-md">
      <Card>
        <CardContent>
          <form
            noValidate
            aria-label="Create an account"
            className="flex flex-col gap-4"
            onSubmit={form.handleSubmit(async (values) => {
              setFormError(undefined);
              try {
                const name = values.name.trim();
                await bodega.register({
                  email: values.email,
                  password: values.password,
                  ...(name ? { name } : {}),
                });
                await signIn({ email: values.email, password: values.password });
                void navigate(safeNext(params.get('next')), { replace: true });
              } catch (error) {
                if (!applyServerErrors(error, form.setError, ['name', 'email', 'password']))
                  setFormError(messageOf(error));
              }
            })}
          >
            {formError && (
              <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900">
                {formError}
              </p>
            )}
            <Field label="Name" error={errors.name?.message} hint="Optional: shown with your reviews">
              <Input autoComplete="name" {...form.register('name')} />
            </Field>
            <Field label="Email" error={errors.email?.message}>
              <Input type="email" autoComplete="email" {...form.register('email')} />
            </Field>
            <Field label="Password" error={errors.password?.message} hint="At least 10 characters">
              <Input type="password" autoComplete="new-password" {...form.register('password')} />
            </Field>
            <Button type="submit" size="lg" pending={isSubmitting}>
              Create account
            </Button>
            <p className="text-center text-sm text-slate-700">
              Already have an account?{' '}
              <Link to="/sign-in" className="font-semibold text-indigo-700 underline">
                Sign in
              </Link>
            </p>
          </form>
        </CardContent>
      </Card>
    </Page>
  );
}
