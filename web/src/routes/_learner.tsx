import { createFileRoute, Outlet } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { requireSpace } from '../features/identity/guard';

/** The learner space (pathless): signed-in users with the learner role. */
export const Route = createFileRoute('/_learner')({
  beforeLoad: ({ context, location }) => requireSpace(context, location, 'learner'),
  component: LearnerLayout,
});

function LearnerLayout(): ReactNode {
  return (
    <div className="space space--learner">
      <Outlet />
    </div>
  );
}
