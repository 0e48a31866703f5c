import { createFileRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { leaveClarityBehind } from '../features/consent/clarity';
import { requireSpace } from '../features/identity/guard';
import { loadSpaceTexts } from '../i18n';

/** The trainer space: signed-in trainers (and admins, who may call the trainer routes). */
export const Route = createFileRoute('/trainer')({
  // The space's texts are fetched beside the sign-in checks (they are not in the first chunk).
  beforeLoad: async ({ context, location }) => {
    const [space] = await Promise.all([
      leaveClarityBehind(location.href).then(() => requireSpace(context, location, 'trainer')),
      loadSpaceTexts(context.i18n.lang, 'staff'),
    ]);
    return space;
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
