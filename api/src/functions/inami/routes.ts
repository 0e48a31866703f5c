import { z } from 'zod';
import type { Language } from '@soins/shared';
import { inamiMessages } from '../../domain/inami';
import type {
  GetInami,
  RemoveMyInami,
  RevealInami,
  SetMyInamiWithinLimit,
} from '../../domain/inami-use-cases';
import type { Logger } from '../../domain/ports';
import { access, callerOf, readJson, type RouteContext, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

const setInamiSchema = z.strictObject({ inami: z.string().max(40) });
const userIdParam = z.string().regex(/^u_[A-Za-z0-9_-]{8,64}$/);

function targetUser(ctx: RouteContext): string {
  const parsed = userIdParam.safeParse(ctx.params.userId);
  if (!parsed.success) throw new HttpProblem('not_found');
  return parsed.data;
}

const fieldError = (language: Language, code: 'inami_format' | 'inami_checksum' | 'inami_taken') => [
  { path: 'inami', message: inamiMessages[language][code] },
];

export function makeInamiRoutes(deps: {
  set: SetMyInamiWithinLimit;
  remove: RemoveMyInami;
  get: GetInami;
  reveal: RevealInami;
  logger: Logger;
}): RouteSpec[] {
  const read = (userIdOf: (ctx: RouteContext) => string) => async (ctx: RouteContext) => {
    const result = await deps.get.execute({ actor: callerOf(ctx), userId: userIdOf(ctx) });
    if (result.ok) return { body: result.value };
    if (result.error.code === 'inami_unreadable') {
      deps.logger.error('inami.unreadable', { userId: userIdOf(ctx) });
      throw new HttpProblem('internal');
    }
    throw new HttpProblem(result.error.code);
  };
  return [
    {
      name: 'me-inami-get',
      methods: ['GET'],
      route: 'me/inami',
      access: access.signedIn,
      handle: read((ctx) => callerOf(ctx).id),
    },
    {
      name: 'me-inami-set',
      methods: ['PUT'],
      route: 'me/inami',
      access: access.signedIn,
      // Personal data: only once the current terms and privacy policy are accepted.
      requiresLegalAcceptance: true,
      maxBodyBytes: 1024,
      handle: async (ctx) => {
        const input = await readJson(ctx, setInamiSchema);
        const result = await deps.set.execute({ userId: callerOf(ctx).id, inami: input.inami });
        if (result.ok)
          return { body: { present: true, masked: result.value.masked, number: result.value.number } };
        const { code } = result.error;
        if (code === 'inami_taken')
          throw new HttpProblem('conflict', undefined, fieldError(ctx.language, code));
        if (code === 'conflict') throw new HttpProblem('conflict');
        if (code === 'rate_limited') {
          throw new HttpProblem('rate_limited', undefined, undefined, {
            'Retry-After': String(result.error.retryAfterSeconds),
          });
        }
        throw new HttpProblem('validation_failed', undefined, fieldError(ctx.language, code));
      },
    },
    {
      name: 'me-inami-delete',
      methods: ['DELETE'],
      route: 'me/inami',
      access: access.signedIn,
      handle: async (ctx) => {
        const result = await deps.remove.execute({ userId: callerOf(ctx).id });
        if (!result.ok) throw new HttpProblem('conflict');
        return { status: 204 };
      },
    },
    {
      name: 'manage-user-inami-get',
      methods: ['GET'],
      route: 'manage/users/{userId}/inami',
      access: access.roles('admin'),
      handle: read(targetUser),
    },
    {
      name: 'manage-user-inami-reveal',
      methods: ['POST'],
      route: 'manage/users/{userId}/inami/reveal',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const userId = targetUser(ctx);
        const result = await deps.reveal.execute({ actor: callerOf(ctx), userId });
        if (result.ok) return { body: result.value };
        if (result.error.code === 'inami_unreadable') {
          deps.logger.error('inami.unreadable', { userId });
          throw new HttpProblem('internal');
        }
        throw new HttpProblem(result.error.code);
      },
    },
  ];
}
