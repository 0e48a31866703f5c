import type { UserListItem } from '@soins/shared';
import { useMutation, useQueryClient, useSuspenseInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useState, type ReactNode } from 'react';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type MessageKey } from '../../i18n';
import {
  Badge,
  Button,
  ConfirmDialog,
  EmptyState,
  SelectField,
  Table,
  TextField,
  useDocumentTitle,
  useToast,
  LoadMoreButton,
} from '../../ui';
import { STATUS_NAME } from '../billing/logic';
import { roleName } from '../identity/format';
import { useProfile } from '../identity/hooks';
import {
  GRANTABLE_ROLES,
  setUserRole,
  setUserStatus,
  storeUpdatedUser,
  usersQueryOptions,
  type GrantableRole,
} from './queries';
import {
  hasFilters,
  USER_PROFESSIONS,
  USER_ROLES,
  USER_STATUSES,
  USER_SUBSCRIPTIONS,
  validateUsersSearch,
  type UsersSearch,
} from './search';
import './users.css';

type PendingAction =
  | { readonly kind: 'grant' | 'revoke'; readonly user: UserListItem; readonly role: GrantableRole }
  | { readonly kind: 'disable' | 'enable'; readonly user: UserListItem };

const CONFIRM: Readonly<
  Record<PendingAction['kind'], { title: MessageKey; body: MessageKey; toast: MessageKey }>
> = {
  grant: { title: 'admin.confirm.grantTitle', body: 'admin.confirm.grantBody', toast: 'admin.toast.granted' },
  revoke: {
    title: 'admin.confirm.revokeTitle',
    body: 'admin.confirm.revokeBody',
    toast: 'admin.toast.revoked',
  },
  disable: {
    title: 'admin.confirm.disableTitle',
    body: 'admin.confirm.disableBody',
    toast: 'admin.toast.disabled',
  },
  enable: {
    title: 'admin.confirm.enableTitle',
    body: 'admin.confirm.enableBody',
    toast: 'admin.toast.enabled',
  },
};

type Filters = Required<Record<Exclude<keyof UsersSearch, 'q'>, string>>;

const filtersOf = (search: UsersSearch): Filters => ({
  role: search.role ?? '',
  status: search.status ?? '',
  profession: search.profession ?? '',
  subscription: search.subscription ?? '',
});

/**
 * The admin home: search users and filter them (role, status, profession, subscription), page through them, open a
 * learner's record, grant or revoke trainer/admin, disable or enable accounts. An admin is never offered to remove
 * their own admin role or to disable their own account.
 */
export function UsersPage({ search: current }: { readonly search: UsersSearch }): ReactNode {
  const q = current.q;
  const { api } = useAppContext();
  const { t } = useI18n();
  const toast = useToast();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const me = useProfile();
  const users = useSuspenseInfiniteQuery(usersQueryOptions(api, current));
  const [search, setSearch] = useState(q ?? '');
  const [filters, setFilters] = useState<Filters>(filtersOf(current));
  const filtered = hasFilters(current);
  const choices = (all: string, values: readonly { value: string; label: string }[]) => [
    { value: '', label: all },
    ...values,
  ];
  const filter = (name: keyof Filters) => ({
    name,
    value: filters[name],
    onChange: (value: string) => {
      setFilters((before) => ({ ...before, [name]: value }));
    },
  });
  const [pending, setPending] = useState<PendingAction | null>(null);
  useDocumentTitle(t('admin.documentTitle'));

  const mutation = useMutation({
    mutationFn: (action: PendingAction) =>
      action.kind === 'grant' || action.kind === 'revoke'
        ? setUserRole(api, action.user.id, action.role, action.kind === 'grant')
        : setUserStatus(api, action.user.id, action.kind === 'disable' ? 'disabled' : 'active'),
    onSuccess: (updated, action) => {
      storeUpdatedUser(queryClient, updated);
      const role = 'role' in action ? roleName(t, action.role) : '';
      toast.show(t(CONFIRM[action.kind].toast, { name: updated.displayName, role }));
      setPending(null);
    },
  });

  const items = users.data.pages.flatMap((page) => page.items);
  const caption = q
    ? t('admin.users.captionFiltered', { q })
    : filtered
      ? t('people.users.captionFilters')
      : t('admin.users.caption');

  const open = (action: PendingAction): void => {
    mutation.reset();
    setPending(action);
  };

  return (
    <>
      <header className="page-header">
        <h1>{t('admin.users.title')}</h1>
      </header>
      <div role="search" className="card users__search" aria-label={t('admin.users.search')}>
        <form
          className="cluster"
          onSubmit={(event) => {
            event.preventDefault();
            const next = search.trim();
            void navigate({ to: '/admin', search: validateUsersSearch({ ...filters, q: next }) });
          }}
        >
          <TextField
            label={t('admin.users.searchLabel')}
            type="search"
            name="q"
            value={search}
            maxLength={100}
            autoComplete="off"
            onChange={(event) => {
              setSearch(event.currentTarget.value);
            }}
          />
          <SelectField
            label={t('profile.roles')}
            options={choices(
              t('people.users.anyRole'),
              USER_ROLES.map((role) => ({ value: role, label: roleName(t, role) })),
            )}
            {...filter('role')}
          />
          <SelectField
            label={t('profile.status')}
            options={choices(
              t('people.users.anyStatus'),
              USER_STATUSES.map((status) => ({ value: status, label: t(`status.${status}`) })),
            )}
            {...filter('status')}
          />
          <SelectField
            label={t('details.profession')}
            options={choices(
              t('people.users.anyProfession'),
              USER_PROFESSIONS.map((profession) => ({
                value: profession,
                label: t(`profession.${profession}`),
              })),
            )}
            {...filter('profession')}
          />
          <SelectField
            label={t('people.users.subscription')}
            options={choices(
              t('people.users.anySubscription'),
              USER_SUBSCRIPTIONS.map((status) => ({ value: status, label: t(STATUS_NAME[status]) })),
            )}
            {...filter('subscription')}
          />
          <Button type="submit">{t('admin.users.search')}</Button>
          {q || filtered ? (
            <Button
              variant="ghost"
              onClick={() => {
                setSearch('');
                setFilters(filtersOf({}));
                void navigate({ to: '/admin', search: {} });
              }}
            >
              {t('admin.users.clear')}
            </Button>
          ) : null}
        </form>
      </div>

      {items.length === 0 ? (
        <EmptyState title={t('admin.users.emptyTitle')}>
          <p>
            {q
              ? t('admin.users.emptyBody', { q })
              : filtered
                ? t('people.users.emptyFilters')
                : t('admin.users.emptyAll')}
          </p>
        </EmptyState>
      ) : (
        <>
          <Table caption={caption}>
            <thead>
              <tr>
                <th scope="col">{t('profile.name')}</th>
                <th scope="col">{t('profile.email')}</th>
                <th scope="col">{t('details.profession')}</th>
                <th scope="col">{t('people.users.subscription')}</th>
                <th scope="col">{t('profile.roles')}</th>
                <th scope="col">{t('profile.status')}</th>
                <th scope="col">{t('admin.users.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((user) => (
                <UserRow key={user.id} user={user} isMe={user.id === me?.id} onAction={open} />
              ))}
            </tbody>
          </Table>
          <div className="cluster">
            <p role="status" className="users__count">
              {t('admin.users.shown', { count: items.length })}
            </p>
            <LoadMoreButton list={users}>{t('admin.users.loadMore')}</LoadMoreButton>
          </div>
        </>
      )}

      <ConfirmDialog
        open={pending !== null}
        title={
          pending
            ? t(CONFIRM[pending.kind].title, { role: 'role' in pending ? roleName(t, pending.role) : '' })
            : ''
        }
        confirmLabel={t('common.confirm')}
        cancelLabel={t('common.cancel')}
        confirmVariant={pending?.kind === 'disable' || pending?.kind === 'revoke' ? 'danger' : 'primary'}
        busy={mutation.isPending}
        error={mutation.isError ? problemMessage(t, mutation.error) : undefined}
        onCancel={() => {
          setPending(null);
        }}
        onConfirm={() => {
          if (pending) mutation.mutate(pending);
        }}
      >
        {pending ? (
          <p>
            {t(CONFIRM[pending.kind].body, {
              name: pending.user.displayName,
              email: pending.user.email,
              role: 'role' in pending ? roleName(t, pending.role) : '',
            })}
          </p>
        ) : null}
      </ConfirmDialog>
    </>
  );
}

function UserRow({
  user,
  isMe,
  onAction,
}: {
  readonly user: UserListItem;
  readonly isMe: boolean;
  readonly onAction: (action: PendingAction) => void;
}): ReactNode {
  const { t } = useI18n();
  const disabled = user.status === 'disabled';
  return (
    <tr>
      <th scope="row">
        <Link to="/admin/users/$userId" params={{ userId: user.id }}>
          {user.displayName}
        </Link>{' '}
        {isMe ? <span className="users__me">{t('admin.users.you')}</span> : null}
      </th>
      <td>{user.email}</td>
      <td>{user.profession ? t(`profession.${user.profession}`) : '—'}</td>
      <td>{user.subscription ? t(STATUS_NAME[user.subscription]) : '—'}</td>
      <td>
        <span className="cluster users__badges">
          {user.roles.length === 0
            ? t('admin.users.none')
            : user.roles.map((role) => (
                <Badge key={role} tone={role === 'learner' ? 'neutral' : 'brand'}>
                  {roleName(t, role)}
                </Badge>
              ))}
        </span>
      </td>
      <td>
        <Badge tone={disabled ? 'danger' : 'neutral'}>
          {t(disabled ? 'status.disabled' : 'status.active')}
        </Badge>
      </td>
      <td>
        <div
          className="cluster users__actions"
          role="group"
          aria-label={t('admin.users.actionsFor', { name: user.displayName })}
        >
          {GRANTABLE_ROLES.map((role) => {
            const has = user.roles.includes(role);
            // Never offered: removing one's own admin role (the api refuses it too).
            if (isMe && has && role === 'admin') return null;
            return (
              <Button
                key={role}
                size="sm"
                variant="secondary"
                onClick={() => {
                  onAction({ kind: has ? 'revoke' : 'grant', user, role });
                }}
              >
                {t(has ? 'admin.users.revoke' : 'admin.users.grant', { role: roleName(t, role) })}
              </Button>
            );
          })}
          {isMe ? null : (
            <Button
              size="sm"
              variant={disabled ? 'secondary' : 'danger'}
              onClick={() => {
                onAction({ kind: disabled ? 'enable' : 'disable', user });
              }}
            >
              {t(disabled ? 'admin.users.enable' : 'admin.users.disable')}
            </Button>
          )}
        </div>
      </td>
    </tr>
  );
}
