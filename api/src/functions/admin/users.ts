import { setUserStatusSchema, userListQuerySchema, type UserList } from '@soins/shared';
import { z } from 'zod';
import { grantableRoles, type UserRepository } from '../../domain/identity/model';
import type { AdminError, ChangeRole, SetUserStatus } from '../../domain/identity/use-cases';
import type { Result } from '../../domain/result';
import type { UserProfile } from '../../domain/identity/model';
import { toProfileResponse } from '../auth/routes';
import { access, callerOf, parseOrProblem, readJson, type RouteContext, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

const roleParam = z.enum(grantableRoles);
const userIdParam = z.string().regex(/^u_[A-Za-z0-9_-]{8,64}$/);

function parseParams(ctx: RouteContext): { userId: string; role?: z.infer<typeof roleParam> } {
  const userId = userIdParam.safeParse(ctx.params.userId);
  if (!userId.success) throw new HttpProblem('not_found');
  if (ctx.params.role === undefined) return { userId: userId.data };
  const role = roleParam.safeParse(ctx.params.role);
  if (!role.success) {
    throw new HttpProblem('validation_failed', undefined, [
      { path: 'role', message: 'expected trainer or admin' },
    ]);
  }
  return { userId: userId.data, role: role.data };
}

function unwrap(result: Result<UserProfile, AdminError>): { body: unknown } {
  if (result.ok) return { body: toProfileResponse(result.value) };
  throw new HttpProblem(result.error.code);
}

export function makeAdminUserRoutes(deps: {
  users: UserRepository;
  changeRole: ChangeRole;
  setStatus: SetUserStatus;
}): RouteSpec[] {
  const admin = access.roles('admin');
  const changeRole = (grant: boolean) => async (ctx: RouteContext) => {
    const { userId, role } = parseParams(ctx);
    if (!role) throw new HttpProblem('not_found');
    return unwrap(await deps.changeRole.execute({ actor: callerOf(ctx), userId, role, grant }));
  };
  return [
    {
      name: 'manage-users-list',
      methods: ['GET'],
      route: 'manage/users',
      access: admin,
      handle: async (ctx) => {
        const query = parseOrProblem(userListQuerySchema, Object.fromEntries(ctx.request.query.entries()));
        const page = await deps.users.list({
          pageSize: 25,
          ...(query.q ? { search: query.q } : {}),
          ...(query.role ? { role: query.role } : {}),
          ...(query.status ? { status: query.status } : {}),
          ...(query.profession ? { profession: query.profession } : {}),
          ...(query.subscription ? { subscription: query.subscription } : {}),
          ...(query.continuationToken ? { continuationToken: query.continuationToken } : {}),
        });
        const body: UserList = {
          items: page.items.map(({ profile, subscription }) => ({
            ...toProfileResponse(profile),
            subscription,
          })),
          ...(page.continuationToken ? { continuationToken: page.continuationToken } : {}),
        };
        return { body };
      },
    },
    {
      name: 'manage-users-role-grant',
      methods: ['PUT'],
      route: 'manage/users/{userId}/roles/{role}',
      access: admin,
      handle: changeRole(true),
    },
    {
      name: 'manage-users-role-revoke',
      methods: ['DELETE'],
      route: 'manage/users/{userId}/roles/{role}',
      access: admin,
      handle: changeRole(false),
    },
    {
      name: 'manage-users-status',
      methods: ['PUT'],
      route: 'manage/users/{userId}/status',
      access: admin,
      maxBodyBytes: 1024,
      handle: async (ctx) => {
        const { userId } = parseParams(ctx);
        const input = await readJson(ctx, setUserStatusSchema);
        return unwrap(await deps.setStatus.execute({ actor: callerOf(ctx), userId, status: input.status }));
      },
    },
  ];
}
