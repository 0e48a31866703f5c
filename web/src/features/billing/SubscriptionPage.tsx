import type { BillingPlan, InvoiceItem, PlanPrice, SubscriptionView } from '@soins/shared';
import { useMutation, useQuery, useSuspenseQuery } from '@tanstack/react-query';
import { useId, useState, type ReactNode } from 'react';
import { isApiError } from '../../api/client';
import { problemMessage } from '../../api/problem-message';
import { useAppContext } from '../../app-context';
import { useI18n, type Translate } from '../../i18n';
import { Link } from '@tanstack/react-router';
import {
  Badge,
  Button,
  buttonClass,
  EmptyState,
  ErrorState,
  Loading,
  Table,
  useDocumentTitle,
} from '../../ui';
import { AnalyticsSettings } from '../consent';
import { formatDate } from '../identity/format';
import {
  formatMoney,
  invoiceStatusKey,
  PLAN_NAME,
  PRICE_PER_INTERVAL,
  returnLocation,
  showsPlans,
  STATUS_NAME,
  subscriptionWarning,
} from './logic';
import {
  goTo,
  invoicesQueryOptions,
  openPortal,
  plansQueryOptions,
  startCheckout,
  subscriptionQueryOptions,
} from './queries';
import './billing.css';

/** The message for a failed redirect to Stripe: an outage is said to be temporary, so the learner tries again. */
function redirectError(t: Translate, error: unknown): string {
  if (isApiError(error, 'dependency_unavailable')) return t('billing.error.unavailable');
  return problemMessage(t, error);
}

/**
 * /account/subscription: the plans to choose from, or the subscription with its invoices; analytics settings.
 * `returnTo` (validated) is the page the learner came from: Checkout brings her back there once she has paid.
 */
export function SubscriptionPage({ returnTo }: { readonly returnTo?: string | undefined }): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const subscription = useSuspenseQuery(subscriptionQueryOptions(api)).data;
  useDocumentTitle(t('billing.documentTitle'));
  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('space.learner')}</p>
        <h1>{t('billing.title')}</h1>
        <p className="lead">
          {t(showsPlans(subscription) ? 'billing.intro.plans' : 'billing.intro.subscribed')}
        </p>
      </header>
      <div className="stack">
        {returnTo !== undefined && !showsPlans(subscription) ? (
          <p>
            <Link {...returnLocation(returnTo)} className={buttonClass()}>
              {t('billing.back.toTraining')}
            </Link>
          </p>
        ) : null}
        {showsPlans(subscription) ? (
          <Plans previous={subscription} returnTo={returnTo} />
        ) : (
          <>
            <CurrentSubscription subscription={subscription} />
            <Invoices />
          </>
        )}
        <AnalyticsSettings />
      </div>
    </>
  );
}

function Plans({
  previous,
  returnTo,
}: {
  readonly previous: SubscriptionView;
  readonly returnTo: string | undefined;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const plans = useQuery(plansQueryOptions(api));
  const [redirecting, setRedirecting] = useState<BillingPlan | undefined>();
  const checkout = useMutation({
    mutationFn: (plan: BillingPlan) => startCheckout(api, plan, returnTo),
    onSuccess: ({ url }, plan) => {
      setRedirecting(plan);
      goTo(url);
    },
  });
  const titleId = useId();
  const busyPlan = redirecting ?? (checkout.isPending ? checkout.variables : undefined);

  return (
    <section aria-labelledby={titleId} aria-busy={busyPlan !== undefined}>
      <h2 id={titleId}>{t('billing.plans.title')}</h2>
      {previous.status === 'canceled' ? <p>{t('billing.plans.ended')}</p> : null}
      {plans.isPending ? <Loading label={t('billing.plans.loading')} /> : null}
      {plans.isError ? (
        <ErrorState
          title={t('billing.plans.errorTitle')}
          action={
            <Button variant="secondary" onClick={() => void plans.refetch()}>
              {t('billing.retry')}
            </Button>
          }
        >
          <p>{redirectError(t, plans.error)}</p>
        </ErrorState>
      ) : null}
      {plans.data ? (
        <ul className="billing-plans">
          {plans.data.plans.map((plan) => (
            <PlanCard
              key={plan.plan}
              plan={plan}
              price={formatMoney(plan.amount, plan.currency, lang)}
              busy={busyPlan === plan.plan}
              disabled={busyPlan !== undefined}
              onChoose={() => {
                checkout.mutate(plan.plan);
              }}
            />
          ))}
        </ul>
      ) : null}
      {checkout.isError ? (
        <p className="billing-warning" role="alert">
          {redirectError(t, checkout.error)}
        </p>
      ) : null}
      <p>{t('billing.plans.note')}</p>
    </section>
  );
}

function PlanCard({
  plan,
  price,
  busy,
  disabled,
  onChoose,
}: {
  readonly plan: PlanPrice;
  readonly price: string;
  readonly busy: boolean;
  readonly disabled: boolean;
  readonly onChoose: () => void;
}): ReactNode {
  const t = useI18n().t;
  const name = t(PLAN_NAME[plan.plan]);
  return (
    <li className="card">
      <h3>{name}</h3>
      <p className="billing-plan__price">{t(PRICE_PER_INTERVAL[plan.interval], { price })}</p>
      <Button busy={busy} disabled={disabled} onClick={onChoose}>
        {busy ? t('billing.plans.redirecting') : t('billing.plans.choose', { plan: name })}
      </Button>
    </li>
  );
}

function CurrentSubscription({ subscription }: { readonly subscription: SubscriptionView }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const [redirecting, setRedirecting] = useState(false);
  const portal = useMutation({
    mutationFn: () => openPortal(api),
    onSuccess: ({ url }) => {
      setRedirecting(true);
      goTo(url);
    },
  });
  const warning = subscriptionWarning(subscription);
  const titleId = useId();
  const periodEnd = subscription.currentPeriodEnd
    ? formatDate(subscription.currentPeriodEnd, lang)
    : undefined;
  return (
    <section className="card" aria-labelledby={titleId}>
      <h2 id={titleId}>{t('billing.current.title')}</h2>
      {warning ? <p className="billing-warning">{t(warning)}</p> : null}
      <dl className="details">
        <dt>{t('billing.current.status')}</dt>
        <dd>
          <Badge tone={subscription.entitled ? 'brand' : 'danger'}>
            {t(STATUS_NAME[subscription.status])}
          </Badge>
        </dd>
        {subscription.plan ? (
          <>
            <dt>{t('billing.current.plan')}</dt>
            <dd>{t(PLAN_NAME[subscription.plan])}</dd>
          </>
        ) : null}
        {periodEnd ? (
          <>
            <dt>
              {t(subscription.cancelAtPeriodEnd ? 'billing.current.endsOn' : 'billing.current.renewsOn')}
            </dt>
            <dd>{periodEnd}</dd>
          </>
        ) : null}
      </dl>
      {subscription.cancelAtPeriodEnd && periodEnd ? (
        <p>{t('billing.current.willEnd', { date: periodEnd })}</p>
      ) : null}
      <Button
        variant="secondary"
        busy={portal.isPending || redirecting}
        onClick={() => {
          portal.mutate();
        }}
      >
        {t('billing.current.manage')}
      </Button>
      {portal.isError ? (
        <p className="billing-warning" role="alert">
          {redirectError(t, portal.error)}
        </p>
      ) : null}
    </section>
  );
}

function Invoices(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const invoices = useQuery(invoicesQueryOptions(api));
  const titleId = useId();
  return (
    <section aria-labelledby={titleId}>
      <h2 id={titleId}>{t('billing.invoices.title')}</h2>
      {invoices.isPending ? <Loading label={t('billing.invoices.loading')} /> : null}
      {invoices.isError ? (
        <ErrorState
          title={t('billing.invoices.errorTitle')}
          action={
            <Button variant="secondary" onClick={() => void invoices.refetch()}>
              {t('billing.retry')}
            </Button>
          }
        >
          <p>{problemMessage(t, invoices.error)}</p>
        </ErrorState>
      ) : null}
      {invoices.data && invoices.data.items.length === 0 ? (
        <EmptyState level={3} title={t('billing.invoices.emptyTitle')}>
          <p>{t('billing.invoices.emptyBody')}</p>
        </EmptyState>
      ) : null}
      {invoices.data && invoices.data.items.length > 0 ? <InvoiceTable items={invoices.data.items} /> : null}
    </section>
  );
}

function InvoiceTable({ items }: { readonly items: readonly InvoiceItem[] }): ReactNode {
  const { t, lang } = useI18n();
  return (
    <Table caption={t('billing.invoices.caption')}>
      <thead>
        <tr>
          <th scope="col">{t('billing.invoices.number')}</th>
          <th scope="col">{t('billing.invoices.date')}</th>
          <th scope="col">{t('billing.invoices.amount')}</th>
          <th scope="col">{t('billing.invoices.status')}</th>
          <th scope="col">{t('billing.invoices.documents')}</th>
        </tr>
      </thead>
      <tbody>
        {items.map((invoice) => {
          const number = invoice.number ?? t('billing.invoices.noNumber');
          return (
            <tr key={invoice.id}>
              <th scope="row">{number}</th>
              <td>{formatDate(invoice.created, lang)}</td>
              <td>{formatMoney(invoice.amountPaid, invoice.currency, lang)}</td>
              <td>{t(invoiceStatusKey(invoice.status))}</td>
              <td>
                <div className="cluster">
                  {invoice.hostedInvoiceUrl ? (
                    <a href={invoice.hostedInvoiceUrl} target="_blank" rel="noopener noreferrer">
                      {t('billing.invoices.view', { number })}
                    </a>
                  ) : null}
                  {invoice.invoicePdf ? (
                    <a href={invoice.invoicePdf} target="_blank" rel="noopener noreferrer">
                      {t('billing.invoices.pdf', { number })}
                    </a>
                  ) : null}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </Table>
  );
}
