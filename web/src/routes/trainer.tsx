import { createFileRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { leaveClarityBehind } from '../features/consent/clarity';
import { requireSpace } from '../features/identity/guard';

/** The trainer space: signed-in trainers (and admins, who may call the trainer routes). */
export const Route = createFileRoute('/trainer')({
  beforeLoad: async ({ context, location }) => {
    await leaveClarityBehind(location.href);
    return requireSpace(context, location, 'trainer');
  },
  component: TrainerLayout,
});

function TrainerLayout(): ReactNode {
  return (
    <div className="space space--trainer">
      <Outlet />
    </div>
  );
}
