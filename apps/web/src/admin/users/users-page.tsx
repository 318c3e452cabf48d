import { ApiError, type User } from '@bodega/client';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useApi } from '../../api/context';
import { useSession } from '../../api/session';
import { Button } from '../../ui/button';
import { Field } from '../../ui/field';
import { Input, NativeSelect } from '../../ui/input';
import { Skeleton } from '../../ui/skeleton';
import { EmptyState, ErrorState } from '../../ui/states';
import { Table, TableBody, TableHead, Th } from '../../ui/table';
import { useDebounced } from '../../ui/use-debounced';
import { roles, UserRow } from './user-row';

/**
 * Users and roles, for admins: find people by email, filter by role, change a role, deactivate or
 * reactivate an account. Managers see that this section is not theirs (identity refuses them anyway).
 */
export function AdminUsersPage() {
  const { user } = useSession();
  useEffect(() => {
    document.title = 'Users · Admin · Bodega';
  }, []);
  if (user?.role !== 'admin')
    return (
      <div>
        <h1 className="mb-6 text-2xl font-bold tracking-tight">Users</h1>
        <EmptyState title="Not allowed">
          Only admins manage users and roles. Ask an admin if someone needs a different role.
        </EmptyState>
      </div>
    );
  return <UsersDirectory me={user} />;
}

function UsersDirectory({ me }: { me: User }) {
  const bodega = useApi();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<User['role'] | ''>('');
  const needle = useDebounced(email.trim(), 300);
  const users = useInfiniteQuery({
    queryKey: ['admin-users', needle, role],
    queryFn: ({ pageParam }) =>
      bodega.get('/api/v1/users', {
        params: {
          query: {
            limit: 25,
            ...(needle ? { email: needle } : {}),
            ...(role ? { role } : {}),
            ...(pageParam ? { cursor: pageParam } : {}),
          },
        },
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.next_cursor ?? undefined,
    retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 1,
  });
  const items = users.data?.pages.flatMap((page) => page.items);

  return (
    <div>
      <h1 className="mb-6 text-2xl font-bold tracking-tight">Users</h1>
      <div className="mb-4 flex flex-wrap gap-3">
        <Field label="Email contains" className="min-w-64 flex-1">
          <Input
            type="search"
            value={email}
            onChange={(event) => setEmail(event.target.value)}
            placeholder="e.g. ada@"
          />
        </Field>
        <Field label="Role" className="w-44">
          <NativeSelect value={role} onChange={(event) => setRole(event.target.value as User['role'] | '')}>
            <option value="">Every role</option>
            {roles.map((value) => (
              <option key={value} value={value}>
                {value.charAt(0).toUpperCase() + value.slice(1)}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      {users.isError ? (
        <ErrorState error={users.error} retry={() => void users.refetch()} />
      ) : !items ? (
        <Skeleton className="h-96 w-full" />
      ) : items.length === 0 ? (
        <EmptyState title="No users match" />
      ) : (
        <Table label="Users">
          <TableHead>
            <tr>
              <Th>User</Th>
              <Th>Role</Th>
              <Th>Account</Th>
              <Th>Joined</Th>
            </tr>
          </TableHead>
          <TableBody>
            {items.map((each) => (
              // Keyed by what the server holds: a row starts over from a change saved (here or by another admin).
              <UserRow key={`${each.id}:${each.role}`} user={each} self={each.id === me.id} />
            ))}
          </TableBody>
        </Table>
      )}
      {users.hasNextPage && (
        <Button
          variant="outline"
          className="mt-4"
          pending={users.isFetchingNextPage}
          onClick={() => void users.fetchNextPage()}
        >
          Load more
        </Button>
      )}
    </div>
  );
}
