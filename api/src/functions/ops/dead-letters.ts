// Staff operations on dead letters: what the broker gave up on, per queue, with re-drive and purge.
// Under /api/manage: the Functions host refuses routes (and function names) starting with `admin`.
import { deadLetterIdPattern, type DeadLetterQueue, type DeadLettersOverview } from '@soins/shared';
import { z } from 'zod';
import type { AuditLog } from '../../domain/audit';
import type { Clock, DeadLetter, DeadLetters, Logger } from '../../domain/ports';
import { access, callerOf, pathParam, type RouteContext, type RouteSpec } from '../http-kit';
import { HttpProblem } from '../problems';

/** Items listed per queue (the count covers more). */
export const DEAD_LETTERS_PER_QUEUE = 50;

export function makeDeadLetterRoutes(deps: {
  deadLetters: DeadLetters;
  /** The queues of the resource manifest; any other name is a 404. */
  queues: readonly string[];
  logger: Logger;
  audit: AuditLog;
  clock: Clock;
}): RouteSpec[] {
  const admin = access.roles('admin');
  const queueParam = z.string().refine((name) => deps.queues.includes(name));
  const idParam = z.string().regex(deadLetterIdPattern);
  const target = (ctx: RouteContext) => ({
    queue: pathParam(ctx, 'queue', queueParam),
    id: pathParam(ctx, 'id', idParam),
  });
  const audited = (ctx: RouteContext, action: string, letter: { queue: string; id: string }) =>
    deps.audit.record({
      actor: callerOf(ctx).id,
      action,
      target: { type: 'dead-letter', id: `${letter.queue}/${letter.id}` },
      at: deps.clock.now().toISOString(),
    });

  return [
    {
      name: 'manage-dead-letters-list',
      methods: ['GET'],
      route: 'manage/operations/dead-letters',
      access: admin,
      handle: async () => {
        const queues = await Promise.all(
          deps.queues.map(async (queue): Promise<DeadLetterQueue> => {
            const listing = await deps.deadLetters.list(queue, { limit: DEAD_LETTERS_PER_QUEUE });
            return {
              queue,
              count: listing.count,
              complete: listing.complete,
              items: listing.items.map(toItem),
            };
          }),
        );
        const body: DeadLettersOverview = { queues };
        return { body };
      },
    },
    {
      name: 'manage-dead-letters-redrive',
      methods: ['POST'],
      route: 'manage/operations/dead-letters/{queue}/{id}/redrive',
      access: admin,
      handle: async (ctx) => {
        const { queue, id } = target(ctx);
        if (!(await deps.deadLetters.redrive(queue, id))) throw new HttpProblem('not_found');
        deps.logger.info('ops.dead_letter_redriven', { queue, deadLetterId: id, actorId: callerOf(ctx).id });
        await audited(ctx, 'dead-letter.redrive', { queue, id });
        return { status: 202, body: { queue, id } };
      },
    },
    {
      name: 'manage-dead-letters-purge',
      methods: ['DELETE'],
      route: 'manage/operations/dead-letters/{queue}/{id}',
      access: admin,
      handle: async (ctx) => {
        const { queue, id } = target(ctx);
        if (!(await deps.deadLetters.purge(queue, id))) throw new HttpProblem('not_found');
        deps.logger.info('ops.dead_letter_purged', { queue, deadLetterId: id, actorId: callerOf(ctx).id });
        await audited(ctx, 'dead-letter.purge', { queue, id });
        return { status: 204 };
      },
    },
  ];
}

/** Broker facts only: the body never leaves the api. */
function toItem(letter: DeadLetter): DeadLetterQueue['items'][number] {
  return {
    id: letter.id,
    messageId: letter.messageId,
    ...(letter.reason ? { reason: letter.reason } : {}),
    ...(letter.description ? { description: letter.description } : {}),
    ...(letter.enqueuedAt ? { enqueuedAt: letter.enqueuedAt } : {}),
    ...(letter.deliveryCount === undefined ? {} : { deliveryCount: letter.deliveryCount }),
    ...(letter.lastError ? { lastError: letter.lastError } : {}),
  };
}
