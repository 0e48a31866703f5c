// The learner's subscription: pages, and the gate that paid content (courses, quizzes) reuses.
export { SubscriptionRequired, type SubscriptionRequiredProps } from './SubscriptionRequired';
export { useEntitlement, type Entitlement } from './useEntitlement';
export { subscriptionQueryOptions, subscriptionQueryKey } from './queries';
export { PlanPrices } from './PlanPrices';
