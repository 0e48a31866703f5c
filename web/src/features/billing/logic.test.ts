import type { SubscriptionView } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import {
  CONFIRM_POLL_MS,
  CONFIRM_TIMEOUT_MS,
  confirmationInterval,
  confirmationPhase,
  formatMoney,
  invoiceStatusKey,
  showsPlans,
  subscriptionWarning,
  returnLocation,
} from './logic';
import { validateReturnSearch, validateSuccessSearch } from './search';

const view = (over: Partial<SubscriptionView> = {}): SubscriptionView => ({
  status: 'active',
  cancelAtPeriodEnd: false,
  entitled: true,
  ...over,
});

// Intl separates currency and amount with a narrow no-break space in some locales: compare on plain spaces.
const plain = (text: string): string => text.replace(/\s/g, ' ');

describe('formatMoney', () => {
  it('formats minor units in the user language', () => {
    expect(plain(formatMoney(1500, 'eur', 'fr'))).toBe('15,00 €');
    expect(plain(formatMoney(15000, 'EUR', 'fr'))).toBe('150,00 €');
    expect(plain(formatMoney(1500, 'eur', 'nl'))).toBe('€ 15,00');
  });

  it('respects currencies without minor units', () => {
    expect(plain(formatMoney(1500, 'jpy', 'fr'))).toMatch(/^1 500/);
  });
});

describe('which view', () => {
  it('shows the plans without an entitling subscription', () => {
    expect(showsPlans(view({ status: 'none', entitled: false }))).toBe(true);
    expect(showsPlans(view({ status: 'canceled', entitled: false }))).toBe(true);
    expect(showsPlans(view({ status: 'incomplete', entitled: false }))).toBe(true);
  });

  it('shows the subscription when active or in payment trouble', () => {
    expect(showsPlans(view())).toBe(false);
    expect(showsPlans(view({ status: 'past_due', entitled: false }))).toBe(false);
    expect(showsPlans(view({ status: 'unpaid', entitled: false }))).toBe(false);
  });

  it('warns about past_due and unpaid subscriptions', () => {
    expect(subscriptionWarning(view())).toBeUndefined();
    expect(subscriptionWarning(view({ status: 'past_due' }))).toBe('billing.warning.pastDue');
    expect(subscriptionWarning(view({ status: 'past_due', entitled: false }))).toBe(
      'billing.warning.pastDueClosed',
    );
    expect(subscriptionWarning(view({ status: 'unpaid', entitled: false }))).toBe('billing.warning.unpaid');
  });

  it('names invoice statuses, unknown ones included', () => {
    expect(invoiceStatusKey('paid')).toBe('billing.invoice.status.paid');
    expect(invoiceStatusKey(null)).toBe('billing.invoice.status.unknown');
    expect(invoiceStatusKey('constructor')).toBe('billing.invoice.status.unknown');
  });
});

describe('confirmation poll', () => {
  it('polls until the subscription is entitled', () => {
    expect(confirmationPhase(undefined, 0)).toBe('waiting');
    expect(confirmationInterval(view({ status: 'none', entitled: false }), 1000)).toBe(CONFIRM_POLL_MS);
    expect(confirmationPhase(view(), 2000)).toBe('confirmed');
    expect(confirmationInterval(view(), 2000)).toBe(false);
  });

  it('gives up after CONFIRM_TIMEOUT_MS', () => {
    const pending = view({ status: 'none', entitled: false });
    expect(confirmationPhase(pending, CONFIRM_TIMEOUT_MS - 1)).toBe('waiting');
    expect(confirmationPhase(pending, CONFIRM_TIMEOUT_MS)).toBe('timedOut');
    expect(confirmationInterval(pending, CONFIRM_TIMEOUT_MS)).toBe(false);
  });
});

describe('validateSuccessSearch', () => {
  it('keeps a Checkout session id', () => {
    expect(validateSuccessSearch({ session_id: 'cs_test_a1B2' })).toEqual({ session_id: 'cs_test_a1B2' });
  });

  it.each([
    ['missing', {}],
    ['not a Checkout session', { session_id: 'sub_123' }],
    ['markup', { session_id: 'cs_<script>' }],
    ['a number', { session_id: 42 }],
    ['the unreplaced template', { session_id: '{CHECKOUT_SESSION_ID}' }],
  ])('drops it when %s', (_name, search) => {
    expect(validateSuccessSearch(search)).toEqual({});
  });
});

describe('the page to come back to after Checkout', () => {
  it('keeps a path of the app, with the session id on the success page', () => {
    expect(
      validateSuccessSearch({ session_id: 'cs_test_1', returnTo: '/catalogue/chronic-wound-care' }),
    ).toEqual({ session_id: 'cs_test_1', returnTo: '/catalogue/chronic-wound-care' });
    expect(validateReturnSearch({ returnTo: '/learn/hand-hygiene?chapter=five-moments' })).toEqual({
      returnTo: '/learn/hand-hygiene?chapter=five-moments',
    });
    expect(returnLocation('/learn/hand-hygiene?chapter=five-moments')).toEqual({
      to: '/learn/hand-hygiene',
      search: { chapter: 'five-moments' },
    });
  });

  it.each([
    'https://evil.example/catalogue',
    '//evil.example/catalogue',
    '/\\evil.example',
    'javascript:alert(1)',
    '/auth/callback',
    42,
  ])('drops %j', (returnTo) => {
    expect(validateReturnSearch({ returnTo })).toEqual({});
    expect(validateSuccessSearch({ returnTo })).toEqual({});
  });
});
