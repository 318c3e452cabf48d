import type { User } from '@bodega/client';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useApi } from '../../api/context';
import { messageOf } from '../../api/errors';
import { Badge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { ConfirmDialog } from '../../ui/confirm-dialog';
import { NativeSelect } from '../../ui/input';
import { Td } from '../../ui/table';
import { useToast } from '../../ui/toast';

/** Every role, least to most powerful. */
export const roles = ['customer', 'manager', 'admin'] as const satisfies readonly User['role'][];

const joined = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium' });
const selfRule = 'You cannot demote or deactivate yourself: ask another admin.';

type Change = { role: User['role'] } | { active: boolean };

/**
 * One user, with their role and account controls. An admin's own row has both disabled (identity
 * refuses the change too, with CANNOT_MODIFY_SELF: whatever the server says is shown by the control).
 */
export function UserRow({ user, self }: { user: User; self: boolean }) {
  const bodega = useApi();
  const queries = useQueryClient();
  const notify = useToast();
  const id = useId();
  const [confirming, setConfirming] = useState(false);
  // Chosen, then saved: a select changes on every arrow key, and a role change ends the user's sessions.
  const [role, setRole] = useState<User['role']>(user.role);
  const change = useMutation({
    mutationFn: (body: Change) =>
      bodega.patch('/api/v1/users/{id}', { params: { path: { id: user.id } }, body }),
    onSuccess: async (updated, body) => {
      setConfirming(false);
      notify(
        'role' in body
          ? `${updated.email} is now ${updated.role === 'admin' ? 'an' : 'a'} ${updated.role}`
          : `${updated.email} ${updated.active ? 'reactivated' : 'deactivated'}`,
        {
          tone: 'success',
        },
      );
      await queries.invalidateQueries({ queryKey: ['admin-users'] });
    },
  });
  const failed = change.error && change.variables;
  const roleError = failed && 'role' in change.variables ? messageOf(change.error) : undefined;
  const activeError =
    failed && 'active' in change.variables && !confirming ? messageOf(change.error) : undefined;
  const label = user.name ?? user.email;

  return (
    <tr data-testid="admin-user">
      <Td>
        <p className="font-medium break-all">{user.email}</p>
        <p className="text-xs text-slate-600">
          {user.name ?? 'No name'}
          {self && ' · you'}
        </p>
      </Td>
      <Td className="min-w-44">
        <label htmlFor={`${id}-role`} className="sr-only">
          Role of {label}
        </label>
        <form
          className="flex items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            if (role !== user.role) change.mutate({ role });
          }}
        >
          <NativeSelect
            id={`${id}-role`}
            className="h-9"
            value={role}
            disabled={self || change.isPending}
            aria-invalid={roleError ? true : undefined}
            aria-describedby={roleError || self ? `${id}-role-note` : undefined}
            onChange={(event) => setRole(event.target.value as User['role'])}
          >
            {roles.map((value) => (
              <option key={value} value={value}>
                {value.charAt(0).toUpperCase() + value.slice(1)}
              </option>
            ))}
          </NativeSelect>
          {role !== user.role && (
            <Button
              size="sm"
              type="submit"
              pending={change.isPending}
              aria-label={`Save the role of ${label}`}
            >
              Save
            </Button>
          )}
        </form>
        {roleError ? (
          <p id={`${id}-role-note`} role="alert" className="mt-1 text-sm text-red-700">
            {roleError}
          </p>
        ) : (
          self && (
            <p id={`${id}-role-note`} className="mt-1 text-xs text-slate-600">
              {selfRule}
            </p>
          )
        )}
      </Td>
      <Td className="min-w-44">
        <div className="flex items-center gap-2">
          <Badge tone={user.active ? 'success' : 'neutral'}>{user.active ? 'Active' : 'Deactivated'}</Badge>
          {user.active ? (
            <Button
              size="sm"
              variant="ghost"
              disabled={self || change.isPending}
              aria-label={`Deactivate ${label}`}
              aria-describedby={activeError ? `${id}-active-error` : undefined}
              onClick={() => {
                change.reset();
                setConfirming(true);
              }}
            >
              Deactivate
            </Button>
          ) : (
            <Button
              size="sm"
              variant="outline"
              pending={change.isPending}
              aria-label={`Reactivate ${label}`}
              onClick={() => change.mutate({ active: true })}
            >
              Reactivate
            </Button>
          )}
        </div>
        {activeError && (
          <p id={`${id}-active-error`} role="alert" className="mt-1 text-sm text-red-700">
            {activeError}
          </p>
        )}
        <ConfirmDialog
          open={confirming}
          onOpenChange={setConfirming}
          title={`Deactivate ${user.email}?`}
          description="They are signed out everywhere at once and cannot sign in until an admin reactivates the account."
          confirmLabel="Deactivate"
          danger
          pending={change.isPending}
          error={change.error}
          onConfirm={() => change.mutate({ active: false })}
        />
      </Td>
      <Td className="whitespace-nowrap text-slate-700">{joined.format(new Date(user.created_at))}</Td>
    </tr>
  );
}
