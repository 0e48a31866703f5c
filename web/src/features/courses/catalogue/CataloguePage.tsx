import type { CatalogueItem } from '@soins/shared';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { PlanPrices } from '../../billing';
import { useAuthRedirect, useAuthStatus } from '../../identity/hooks';
import { SignInFailed } from '../../identity/SignInFailed';
import { useI18n } from '../../../i18n';
import {
  Badge,
  Button,
  EmptyState,
  ErrorState,
  Loading,
  SelectField,
  TextField,
  useDocumentTitle,
} from '../../../ui';
import { catalogueQueryOptions, contentLanguage } from '../queries';
import { useLabels } from '../labels';
import {
  CONTENT_LANGUAGES,
  hasFilters,
  HOURS_RANGES,
  hoursRangeOf,
  PROFESSIONS,
  withHoursRange,
  type CatalogueSearch,
} from './search';
import { TrainingFacts } from './TrainingFacts';
import '../courses.css';

/** The catalogue: free-text search and filters kept in the URL (shareable, Back works), results as cards. */
export function CataloguePage({ search }: { readonly search: CatalogueSearch }): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const labels = useLabels();
  const navigate = useNavigate();
  const [q, setQ] = useState(search.q ?? '');
  useDocumentTitle(t('courses.catalogue.documentTitle'));
  useEffect(() => {
    setQ(search.q ?? '');
  }, [search.q]);

  const results = useQuery({
    ...catalogueQueryOptions(api, search, contentLanguage(lang)),
    placeholderData: keepPreviousData,
  });

  const go = (next: CatalogueSearch): void => {
    void navigate({ to: '/catalogue', search: next, replace: false });
  };
  const set = <K extends keyof CatalogueSearch>(key: K, value: CatalogueSearch[K] | ''): void => {
    const { [key]: _removed, ...rest } = search;
    go(value === '' || value === undefined ? rest : { ...rest, [key]: value });
  };
  const range = hoursRangeOf(search);

  return (
    <>
      <header className="page-header">
        <h1>{t('courses.catalogue.title')}</h1>
        <p className="lead">{t('courses.catalogue.intro')}</p>
      </header>
      <VisitorWelcome />
      <div className="catalogue-filters card">
        <form
          role="search"
          aria-label={t('courses.catalogue.filters')}
          className="catalogue-filters__form"
          onSubmit={(event) => {
            event.preventDefault();
            set('q', q.trim().slice(0, 200));
          }}
        >
          <div className="catalogue-filters__query">
            <TextField
              label={t('courses.catalogue.search')}
              type="search"
              name="q"
              value={q}
              maxLength={200}
              autoComplete="off"
              onChange={(event) => {
                setQ(event.currentTarget.value);
              }}
            />
            <Button type="submit">{t('courses.catalogue.searchButton')}</Button>
          </div>
          <div className="catalogue-filters__selects">
            <SelectField
              label={t('courses.catalogue.profession')}
              name="profession"
              value={search.profession ?? ''}
              options={[
                { value: '', label: t('courses.catalogue.anyProfession') },
                ...PROFESSIONS.map((p) => ({ value: p, label: labels.profession(p) })),
              ]}
              onChange={(value) => {
                set('profession', PROFESSIONS.find((p) => p === value) ?? '');
              }}
            />
            <SelectField
              label={t('courses.catalogue.language')}
              name="language"
              value={search.language ?? ''}
              options={[
                { value: '', label: t('courses.catalogue.anyLanguage') },
                ...CONTENT_LANGUAGES.map((l) => ({ value: l, label: labels.language(l) })),
              ]}
              onChange={(value) => {
                set('language', CONTENT_LANGUAGES.find((l) => l === value) ?? '');
              }}
            />
            <SelectField
              label={t('courses.catalogue.hours')}
              name="hours"
              value={range}
              options={[
                { value: 'any', label: t('courses.catalogue.anyHours') },
                ...HOURS_RANGES.map((r) => ({ value: r.id, label: t(`courses.catalogue.hours.${r.id}`) })),
                ...(range === 'custom'
                  ? [{ value: 'custom', label: t('courses.catalogue.hours.custom') }]
                  : []),
              ]}
              onChange={(value) => {
                go(withHoursRange(search, value));
              }}
            />
          </div>
        </form>
        {hasFilters(search) ? (
          <p className="catalogue-filters__reset">
            <Link to="/catalogue" search={{}}>
              {t('courses.catalogue.reset')}
            </Link>
          </p>
        ) : null}
      </div>
      <section
        aria-labelledby="catalogue-results"
        className="catalogue-results"
        aria-busy={results.isFetching}
      >
        <h2 id="catalogue-results" className="sr-only">
          {t('courses.catalogue.results')}
        </h2>
        <p role="status" className="catalogue-results__count">
          {results.data ? t('courses.catalogue.count', { count: results.data.items.length }) : ''}
        </p>
        {results.isPending ? (
          <Loading label={t('courses.catalogue.loading')} />
        ) : results.isError ? (
          <ErrorState
            title={t('courses.catalogue.errorTitle')}
            action={
              <Button variant="secondary" onClick={() => void results.refetch()}>
                {t('courses.retry')}
              </Button>
            }
          >
            <p>{problemMessage(t, results.error)}</p>
          </ErrorState>
        ) : results.data.items.length === 0 ? (
          <EmptyState
            title={t('courses.catalogue.emptyTitle')}
            action={
              hasFilters(search) ? (
                <Link to="/catalogue" search={{}}>
                  {t('courses.catalogue.reset')}
                </Link>
              ) : undefined
            }
          >
            <p>
              {hasFilters(search) ? t('courses.catalogue.emptyFiltered') : t('courses.catalogue.emptyBody')}
            </p>
          </EmptyState>
        ) : (
          <ul className="course-grid">
            {results.data.items.map((item) => (
              <li key={item.id}>
                <CatalogueCard item={item} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** For a visitor: how the trainings are followed, what the subscription costs, and the way in. */
function VisitorWelcome(): ReactNode {
  const { t } = useI18n();
  const { auth } = useAppContext();
  const status = useAuthStatus();
  const redirect = useAuthRedirect();
  if (auth.isSignedIn() || status === 'loading') return null;
  return (
    <section className="card catalogue-visitor" aria-labelledby="catalogue-visitor-title">
      <h2 id="catalogue-visitor-title">{t('courses.visitor.catalogueTitle')}</h2>
      <p>{t('courses.visitor.catalogueBody')}</p>
      <PlanPrices />
      {redirect.failed ? <SignInFailed /> : null}
      <Button
        onClick={() => {
          redirect.run(() => auth.signIn({ signUp: true, returnTo: '/catalogue' }));
        }}
      >
        {t('courses.visitor.signUp')}
      </Button>
    </section>
  );
}

function CatalogueCard({ item }: { readonly item: CatalogueItem }): ReactNode {
  const { t, lang } = useI18n();
  const textLang = item.language !== lang ? item.language : undefined;
  return (
    <article className="card course-card">
      <h3 className="course-card__title" lang={textLang}>
        <Link to="/catalogue/$trainingId" params={{ trainingId: item.id }} className="course-card__link">
          {item.title}
        </Link>
      </h3>
      <p className="course-card__badges">
        {item.free ? (
          <Badge tone="brand">{t('courses.badge.free')}</Badge>
        ) : (
          <Badge>{t('courses.badge.subscription')}</Badge>
        )}
      </p>
      <p className="course-card__summary" lang={textLang}>
        {item.summary}
      </p>
      <TrainingFacts
        hours={item.accreditedHours}
        languages={item.languages}
        organiser={item.organiser}
        chapters={{ count: item.chapterCount, durationSeconds: item.totalDurationSeconds }}
      />
    </article>
  );
}
