import type { NewsItem } from '@soins/shared';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { formatDate } from '../identity/format';
import { paragraphs } from '../legal/queries';
import { newsText } from './queries';
import './news.css';

/** One news item in the reader's language (the other one when it is missing), body as plain paragraphs. */
export function NewsArticle({ item, level }: { readonly item: NewsItem; readonly level: 2 | 3 }): ReactNode {
  const { t, lang } = useI18n();
  const title = newsText(item.title, lang);
  const body = newsText(item.body, lang);
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <article className="news__item" aria-labelledby={`news-${item.id}`}>
      <Heading id={`news-${item.id}`} className="news__title" lang={title.lang}>
        {title.text}
      </Heading>
      <p className="news__date">{t('news.publishedOn', { date: formatDate(item.publishedAt, lang) })}</p>
      <div lang={body.lang}>
        {paragraphs(body.text).map((text, index) => (
          <p key={index}>{text}</p>
        ))}
      </div>
    </article>
  );
}
