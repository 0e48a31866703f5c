import { useInfiniteQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { useI18n } from '../../i18n';
import { EmptyState, ErrorState, Loading, useDocumentTitle, LoadMoreButton } from '../../ui';
import { newsPagesQueryOptions } from './queries';
import { NewsArticle } from './NewsArticle';

/** Every news item shown now, newest first, twenty at a time. */
export function NewsPage(): ReactNode {
  const { api } = useAppContext();
  const { t } = useI18n();
  useDocumentTitle(t('news.documentTitle'));
  const news = useInfiniteQuery(newsPagesQueryOptions(api));
  const items = news.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <header className="page-header">
        <h1>{t('news.title')}</h1>
      </header>
      {news.isPending ? (
        <Loading label={t('common.loading')} />
      ) : news.isError ? (
        <ErrorState title={t('news.errorTitle')} />
      ) : items.length === 0 ? (
        <EmptyState title={t('news.emptyTitle')}>
          <p>{t('news.emptyBody')}</p>
        </EmptyState>
      ) : (
        <div className="stack">
          <ul className="news__list card">
            {items.map((item) => (
              <li key={item.id}>
                <NewsArticle item={item} level={2} />
              </li>
            ))}
          </ul>
          <LoadMoreButton list={news}>{t('news.more')}</LoadMoreButton>
        </div>
      )}
    </>
  );
}
