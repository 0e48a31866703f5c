// Server state of the learner's subscription: plans with prices, the subscription, invoices, and the two
// redirects (hosted Checkout, Customer Portal).
import type { BillingPlan, InvoiceList, PlanList, RedirectUrl, SubscriptionView } from '@soins/shared';
import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const subscriptionQueryKey = ['billing', 'subscription'] as const;
export const plansQueryKey = ['billing', 'plans'] as const;
export const invoicesQueryKey = ['billing', 'invoices'] as const;

/** GET /api/billing/subscription: status, plan, period end and `entitled` (the gate for paid content). */
export function subscriptionQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: subscriptionQueryKey,
    queryFn: ({ signal }) => api.request<SubscriptionView>('/billing/subscription', { signal }),
  });
}

/** The plans with their prices (public: the api caches Stripe's answer for a few minutes). */
export function plansQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: plansQueryKey,
    queryFn: ({ signal }) => api.request<PlanList>('/billing/plans', { signal, anonymous: true }),
    staleTime: 5 * 60_000,
  });
}

export function invoicesQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: invoicesQueryKey,
    queryFn: ({ signal }) => api.request<InvoiceList>('/billing/invoices', { signal }),
  });
}

/** Opens Stripe Checkout; `returnTo` (a page of the app) is where the learner lands once the payment is confirmed. */
export function startCheckout(api: ApiClient, plan: BillingPlan, returnTo?: string): Promise<RedirectUrl> {
  return api.request<RedirectUrl>('/billing/checkout', {
    method: 'POST',
    body: returnTo === undefined ? { plan } : { plan, returnTo },
  });
}

export function openPortal(api: ApiClient): Promise<RedirectUrl> {
  return api.request<RedirectUrl>('/billing/portal', { method: 'POST' });
}

/** Leaves the SPA for Stripe's hosted page (Checkout or Customer Portal). */
export function goTo(url: string): void {
  window.location.assign(url);
}
