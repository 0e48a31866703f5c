import type { TrainerSessionList } from '@soins/shared';
import type { TrainerSessionRepository } from '../../domain/training-sessions';
import { access, callerOf, type RouteSpec } from '../http-kit';

/** The trainer's in-person sessions (created by admins in a later issue; empty until then). */
export function makeTrainerSessionRoutes(deps: { sessions: TrainerSessionRepository }): RouteSpec[] {
  return [
    {
      name: 'trainer-sessions-list',
      methods: ['GET'],
      route: 'trainer/sessions',
      access: access.roles('trainer', 'admin'),
      handle: async (ctx) => {
        const body: TrainerSessionList = {
          items: [...(await deps.sessions.listForTrainer(callerOf(ctx).id))],
        };
        return { body };
      },
    },
  ];
}
