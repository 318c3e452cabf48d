import { Type, type Static } from '@sinclair/typebox';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { useApi } from '../api/context';
import { messageOf } from '../api/errors';
import { useSession } from '../api/session';
import { Button } from '../ui/button';
import { Card, CardContent, CardHeader, CardTitle } from '../ui/card';
import { Field } from '../ui/field';
import { applyServerErrors, typeboxResolver } from '../ui/form';
import { Input } from '../ui/input';
import { Page } from '../ui/page';
import { useToast } from '../ui/toast';

const ProfileForm = Type.Object({
  name: Type.String({ maxLength: 100, errorMessage: 'Keep the name under 100 characters' }),
  current_password: Type.String(),
  password: Type.Union([Type.Literal(''), Type.String({ minLength: 10, maxLength: 256 })], {
    errorMessage: 'Use at least 10 characters',
  }),
});
type ProfileValues = Static<typeof ProfileForm>;

/** The signed-in customer's name and password (PATCH /me; a new password needs the current one). */
export function ProfilePage() {
  const bodega = useApi();
  const { user, setUser } = useSession();
  const notify = useToast();
  const [formError, setFormError] = useState<string>();
  const form = useForm<ProfileValues>({
    resolver: typeboxResolver(ProfileForm),
    defaultValues: { name: user?.name ?? '', current_password: '', password: '' },
  });
  const save = useMutation({
    mutationFn: (values: ProfileValues) =>
      bodega.patch('/api/v1/me', {
        body: {
          name: values.name.trim() === '' ? null : values.name.trim(),
          ...(values.password
            ? { password: values.password, current_password: values.current_password }
            : {}),
        },
      }),
    onSuccess: (saved) => {
      setUser(saved);
      form.reset({ name: saved.name ?? '', current_password: '', password: '' });
      notify('Profile saved', { tone: 'success' });
    },
    onError: (error) => {
      if (!applyServerErrors(error, form.setError, ['name', 'current_password', 'password']))
        setFormError(messageOf(error));
    },
  });
  const { errors } = form.formState;

  return (
    <Page title="Your profile" className="max-w-2xl">
      <Card>
        <CardHeader>
          <CardTitle>{user?.email}</CardTitle>
          <p className="text-sm text-slate-600 capitalize">{user?.role}</p>
        </CardHeader>
        <CardContent>
          <form
            noValidate
            aria-label="Profile"
            className="flex flex-col gap-4"
            onSubmit={form.handleSubmit((values) => {
              setFormError(undefined);
              if (values.password && !values.current_password) {
                form.setError(
                  'current_password',
                  { message: 'Enter your current password to change it' },
                  { shouldFocus: true },
                );
                return;
              }
              save.mutate(values);
            })}
          >
            {formError && (
              <p role="alert" className="rounded-md bg-red-50 p-3 text-sm text-red-900">
                {formError}
              </p>
            )}
            <Field label="Name" error={errors.name?.message}>
              <Input autoComplete="name" {...form.register('name')} />
            </Field>
            <fieldset className="flex flex-col gap-4 rounded-lg border border-slate-200 p-4">
              <legend className="px-1 text-sm font-semibold">Change password</legend>
              <Field label="Current password" error={errors.current_password?.message}>
                <Input
                  type="password"
                  autoComplete="current-password"
                  {...form.register('current_password')}
                />
              </Field>
              <Field
                label="New password"
                error={errors.password?.message}
                hint="At least 10 characters; leave empty to keep yours"
              >
                <Input type="password" autoComplete="new-password" {...form.register('password')} />
              </Field>
            </fieldset>
            <Button type="submit" pending={save.isPending} className="self-start">
              Save changes
            </Button>
          </form>
        </CardContent>
      </Card>
    </Page>
  );
}
