import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { latestNewsQueryOptions } from './queries';
import { NewsArticle } from './NewsArticle';

/** The learner home's latest news (three); nothing at all when there is none or it cannot be loaded. */
export function LatestNews(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  const news = useQuery(latestNewsQueryOptions(api, 3));
  const items = news.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="card" aria-labelledby="latest-news">
      <h2 id="latest-news">{t('news.latest')}</h2>
      <ul className="news__list">
        {items.map((item) => (
          <li key={item.id}>
            <NewsArticle item={item} level={3} />
          </li>
        ))}
      </ul>
      <p>
        <Link to="/news">{t('news.all')}</Link>
      </p>
    </section>
  );
}
