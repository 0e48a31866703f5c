import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { localeOf } from '../identity/format';
import { formatMoney, PRICE_PER_INTERVAL } from './logic';
import { plansQueryOptions } from './queries';
import { listFormat } from '../../i18n/intl';

/**
 * The subscription's prices in one line ("Abonnement SOINS+ : 15,00 € par mois ou 150,00 € par an"), from Stripe
 * through the public plans route: visitors see what it costs before signing up. Nothing when prices cannot be read.
 */
export function PlanPrices({ className }: { readonly className?: string }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const plans = useQuery(plansQueryOptions(api));
  if (plans.isPending) return <p className={className}>{t('courses.prices.loading')}</p>;
  if (!plans.data || plans.data.plans.length === 0) return null;
  const prices = listFormat(localeOf(lang), { type: 'disjunction' }).format(
    plans.data.plans.map((plan) =>
      t(PRICE_PER_INTERVAL[plan.interval], { price: formatMoney(plan.amount, plan.currency, lang) }),
    ),
  );
  return <p className={className}>{t('courses.prices.label', { prices })}</p>;
}
