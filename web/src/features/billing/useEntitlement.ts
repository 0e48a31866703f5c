import type { SubscriptionView } from '@soins/shared';
import { useQuery } from '@tanstack/react-query';
import { useAppContext } from '../../app-context';
import { subscriptionQueryOptions } from './queries';

export interface Entitlement {
  /** undefined while the subscription is loading or could not be read. */
  readonly entitled: boolean | undefined;
  readonly subscription: SubscriptionView | undefined;
  readonly isPending: boolean;
  readonly error: unknown;
  readonly refetch: () => unknown;
}

/** Whether the learner may open paid content (GET /api/billing/subscription → `entitled`). */
export function useEntitlement(): Entitlement {
  const { api } = useAppContext();
  const query = useQuery(subscriptionQueryOptions(api));
  return {
    entitled: query.data?.entitled,
    subscription: query.data,
    isPending: query.isPending,
    error: query.error,
    refetch: () => query.refetch(),
  };
}
