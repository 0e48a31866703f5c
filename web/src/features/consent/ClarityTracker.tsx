import { useRouterState } from '@tanstack/react-router';
import { useEffect } from 'react';
import { clarityAction } from './consent';
import { isClarityLoaded, runClarity, stopClarity } from './clarity';
import { useClarityProjectId } from './queries';
import { useAnalyticsConsent } from './store';

/**
 * Runs Clarity while the learner is on a learner page and has consented; stops it when she withdraws consent or
 * leaves the learner space (the layout that mounts this unmounts on /admin and /trainer). Renders nothing.
 */
export function ClarityTracker(): null {
  const projectId = useClarityProjectId();
  const { choice } = useAnalyticsConsent();
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  useEffect(() => {
    const action = clarityAction({ projectId, consent: choice, pathname, loaded: isClarityLoaded() });
    if (action === 'run' && projectId) runClarity(projectId);
    if (action === 'stop') stopClarity({ withdrawConsent: choice === 'denied' });
  }, [projectId, choice, pathname]);

  useEffect(
    () => () => {
      stopClarity();
    },
    [],
  );
  return null;
}
