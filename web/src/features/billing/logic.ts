// Pure rules of the learner's subscription pages: money and plan display, which view to show, the confirmation
// poll after Checkout and where to go back to (the search params are search.ts).
import type { PlanPrice, SubscriptionView } from '@soins/shared';
import type { Lang, MessageKey } from '../../i18n';
import { localeOf } from '../identity/format';
import { currencyFractionDigits, numberFormat } from '../../i18n/intl';

/** An amount in minor units (cents) in the user's language, e.g. "15,00 €" (fr) or "€ 15,00" (nl). */
export function formatMoney(amountMinor: number, currency: string, lang: Lang): string {
  const code = currency.toUpperCase();
  return numberFormat(localeOf(lang), { style: 'currency', currency: code }).format(
    amountMinor / 10 ** currencyFractionDigits(code),
  );
}

export const PLAN_NAME: Readonly<Record<PlanPrice['plan'], MessageKey>> = {
  monthly: 'billing.plan.monthly',
  yearly: 'billing.plan.yearly',
};

export const PRICE_PER_INTERVAL: Readonly<Record<PlanPrice['interval'], MessageKey>> = {
  month: 'billing.price.perMonth',
  year: 'billing.price.perYear',
};

export const STATUS_NAME: Readonly<Record<SubscriptionView['status'], MessageKey>> = {
  none: 'billing.status.none',
  active: 'billing.status.active',
  trialing: 'billing.status.trialing',
  past_due: 'billing.status.past_due',
  canceled: 'billing.status.canceled',
  incomplete: 'billing.status.incomplete',
  unpaid: 'billing.status.unpaid',
};

/** The plans to choose from (no subscription, an ended one, or a first payment that never went through). */
export function showsPlans(view: SubscriptionView): boolean {
  if (view.entitled) return false;
  return view.status === 'none' || view.status === 'canceled' || view.status === 'incomplete';
}

/** A warning to show with the subscription, if any. */
export function subscriptionWarning(view: SubscriptionView): MessageKey | undefined {
  if (view.status === 'past_due')
    return view.entitled ? 'billing.warning.pastDue' : 'billing.warning.pastDueClosed';
  if (view.status === 'unpaid') return 'billing.warning.unpaid';
  return undefined;
}

export const INVOICE_STATUS: Readonly<Record<string, MessageKey>> = {
  paid: 'billing.invoice.status.paid',
  open: 'billing.invoice.status.open',
  draft: 'billing.invoice.status.draft',
  void: 'billing.invoice.status.void',
  uncollectible: 'billing.invoice.status.uncollectible',
};

export function invoiceStatusKey(status: string | null): MessageKey {
  return status && Object.hasOwn(INVOICE_STATUS, status)
    ? (INVOICE_STATUS[status] ?? 'billing.invoice.status.unknown')
    : 'billing.invoice.status.unknown';
}

/** How often the success page asks whether the webhook has activated the subscription, and for how long. */
export const CONFIRM_POLL_MS = 1_500;
export const CONFIRM_TIMEOUT_MS = 60_000;

export type ConfirmationPhase = 'waiting' | 'confirmed' | 'timedOut';

export function confirmationPhase(view: SubscriptionView | undefined, elapsedMs: number): ConfirmationPhase {
  if (view?.entitled) return 'confirmed';
  return elapsedMs >= CONFIRM_TIMEOUT_MS ? 'timedOut' : 'waiting';
}

/** refetchInterval of the confirmation poll: every CONFIRM_POLL_MS while waiting, then never again. */
export function confirmationInterval(view: SubscriptionView | undefined, elapsedMs: number): number | false {
  return confirmationPhase(view, elapsedMs) === 'waiting' ? CONFIRM_POLL_MS : false;
}

/** Router options for a validated return path: its path and its search params (never a full URL). */
export function returnLocation(returnTo: string): { to: string; search: Record<string, string> } {
  const url = new URL(returnTo, 'https://soins.invalid');
  return { to: url.pathname, search: Object.fromEntries(url.searchParams) };
}
