// In-person sessions over HTTP: admins schedule and reopen, learners register and cancel, trainers
// keep the attendance sheet and sign it off, learners download their hours report. Thin handlers: the
// rules (assignment, signed sheets, hours, capacity) live in domain/sessions*.
import {
  attendanceMarksSchema,
  hoursReportQuerySchema,
  sessionCancelSchema,
  sessionCapacitySchema,
  sessionScheduleSchema,
  sheetReopenSchema,
} from '@soins/shared';
import { z } from 'zod';
import type { HoursReport } from '../../domain/hours/report';
import { reportPeriod } from '../../domain/hours/report';
import type { Sessions } from '../../domain/sessions-use-cases';
import { access, callerOf, parseOrProblem, pathParam, readJson, type RouteSpec, unwrap } from '../http-kit';

const sessionIdParam = z.string().regex(/^s-[a-z0-9-]{8,64}$/);
const userIdParam = z.string().regex(/^[A-Za-z0-9_-]{8,80}$/);

export function makeSessionRoutes(deps: { sessions: Sessions; hoursReport: HoursReport }): RouteSpec[] {
  const { sessions } = deps;
  const sessionId = (ctx: Parameters<RouteSpec['handle']>[0]) => pathParam(ctx, 'sessionId', sessionIdParam);
  const actor = (ctx: Parameters<RouteSpec['handle']>[0]) => {
    const caller = callerOf(ctx);
    return { id: caller.id, admin: caller.roles.includes('admin') };
  };
  return [
    {
      name: 'manage-sessions-list',
      methods: ['GET'],
      route: 'manage/sessions',
      access: access.roles('admin'),
      handle: async () => ({ body: { items: await sessions.all() } }),
    },
    {
      name: 'manage-sessions-schedule',
      methods: ['POST'],
      route: 'manage/sessions',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const input = await readJson(ctx, sessionScheduleSchema);
        return { status: 201, body: unwrap(await sessions.schedule(callerOf(ctx).id, input)) };
      },
    },
    {
      name: 'manage-session-capacity',
      methods: ['PUT'],
      route: 'manage/sessions/{sessionId}/capacity',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const id = sessionId(ctx);
        const { capacity } = await readJson(ctx, sessionCapacitySchema);
        return { body: unwrap(await sessions.changeCapacity(callerOf(ctx).id, id, capacity)) };
      },
    },
    {
      name: 'manage-session-cancel',
      methods: ['POST'],
      route: 'manage/sessions/{sessionId}/cancel',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const id = sessionId(ctx);
        const { reason } = await readJson(ctx, sessionCancelSchema);
        return { body: unwrap(await sessions.cancelSession(callerOf(ctx).id, id, reason)) };
      },
    },
    {
      name: 'manage-session-reopen',
      methods: ['POST'],
      route: 'manage/sessions/{sessionId}/reopen',
      access: access.roles('admin'),
      handle: async (ctx) => {
        const id = sessionId(ctx);
        const { reason } = await readJson(ctx, sheetReopenSchema);
        return { body: unwrap(await sessions.reopen(callerOf(ctx).id, id, reason)) };
      },
    },
    {
      name: 'sessions-upcoming',
      methods: ['GET'],
      route: 'sessions',
      access: access.signedIn,
      handle: async (ctx) => ({ body: { items: await sessions.upcoming(callerOf(ctx).id) } }),
    },
    {
      name: 'session-registration',
      methods: ['POST', 'DELETE'],
      route: 'sessions/{sessionId}/registration',
      access: access.signedIn,
      requiresLegalAcceptance: true,
      handle: async (ctx) => {
        const id = sessionId(ctx);
        const userId = callerOf(ctx).id;
        const result =
          ctx.request.method === 'DELETE'
            ? await sessions.cancel(userId, id)
            : await sessions.register(userId, id);
        return { body: unwrap(result) };
      },
    },
    {
      name: 'trainer-sessions-list',
      methods: ['GET'],
      route: 'trainer/sessions',
      access: access.roles('trainer', 'admin'),
      handle: async (ctx) => ({ body: { items: await sessions.mine(callerOf(ctx).id) } }),
    },
    {
      // A trainer reads only the sheets of sessions they are assigned to (403 otherwise); admins all.
      name: 'trainer-session-sheet',
      methods: ['GET'],
      route: 'trainer/sessions/{sessionId}',
      access: access.roles('trainer', 'admin'),
      handle: async (ctx) => ({ body: unwrap(await sessions.sheet(actor(ctx), sessionId(ctx))) }),
    },
    {
      name: 'trainer-session-attendance',
      methods: ['PUT'],
      route: 'trainer/sessions/{sessionId}/attendance',
      access: access.roles('trainer'),
      handle: async (ctx) => {
        const id = sessionId(ctx);
        const { marks } = await readJson(ctx, attendanceMarksSchema);
        return { body: unwrap(await sessions.mark(callerOf(ctx).id, id, marks)) };
      },
    },
    {
      name: 'trainer-session-sign-off',
      methods: ['POST'],
      route: 'trainer/sessions/{sessionId}/sign-off',
      access: access.roles('trainer'),
      handle: async (ctx) => ({ body: unwrap(await sessions.signOff(callerOf(ctx).id, sessionId(ctx))) }),
    },
    {
      name: 'trainer-session-inami-reveal',
      methods: ['POST'],
      route: 'trainer/sessions/{sessionId}/participants/{userId}/inami',
      access: access.roles('trainer', 'admin'),
      handle: async (ctx) => ({
        body: unwrap(
          await sessions.revealInami(actor(ctx), sessionId(ctx), pathParam(ctx, 'userId', userIdParam)),
        ),
      }),
    },
    {
      name: 'me-hours-report',
      methods: ['GET'],
      route: 'me/hours-report',
      access: access.signedIn,
      handle: async (ctx) => {
        const query = parseOrProblem(
          hoursReportQuerySchema,
          Object.fromEntries(new URL(ctx.request.url).searchParams),
        );
        const period = reportPeriod(query);
        const bytes = await deps.hoursReport.pdf(callerOf(ctx).id, period, query.language);
        const name = `${query.language === 'nl' ? 'urenoverzicht' : 'releve-heures'}-${period.from}-${period.to}.pdf`;
        return {
          bytes,
          headers: {
            'Content-Type': 'application/pdf',
            'Content-Disposition': `attachment; filename="${name}"`,
            'Cache-Control': 'private, no-store',
          },
        };
      },
    },
  ];
}
