import { useSuspenseQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useAppContext } from '../../app-context';
import { SubscriptionRequired } from '../billing';
import { MyTrainings } from '../courses';
import { LatestNews } from '../news/LatestNews';
import { formatDate, roleList } from '../identity/format';
import { useLanguagePreference } from '../identity/hooks';
import { meQueryOptions } from '../identity/queries';
import { isOfferedLanguage, LANGUAGE_NAMES, translate, useI18n, type OfferedLang } from '../../i18n';
import { Button, SelectField, useDocumentTitle } from '../../ui';

/**
 * The learner home: greeting, trainings in progress with their next step, the subscription call to action when
 * not subscribed, the latest news, profile summary and the language preference.
 */
export function Dashboard(): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const profile = useSuspenseQuery(meQueryOptions(api)).data;
  const { setLanguage, saving } = useLanguagePreference();
  useDocumentTitle(t('learner.documentTitle'));

  return (
    <>
      <header className="page-header">
        <p className="page-header__eyebrow">{t('space.learner')}</p>
        <h1>{t('learner.greeting', { name: profile.displayName })}</h1>
        <p className="lead">{t('learner.intro')}</p>
      </header>
      <div className="stack">
        <section aria-labelledby="trainings-title">
          <h2 id="trainings-title">{t('learner.trainings.title')}</h2>
          <div className="stack">
            {/* Free trainings need no subscription: the enrolled ones always show, the call to action below. */}
            <MyTrainings level={2} withTitle={false} />
            <SubscriptionRequired level={3}>{null}</SubscriptionRequired>
          </div>
        </section>
        <LatestNews />
        <div className="grid-2">
          <section className="card" aria-labelledby="profile-title">
            <h2 id="profile-title">{t('learner.profile.title')}</h2>
            <dl className="details">
              <dt>{t('profile.name')}</dt>
              <dd>{profile.displayName}</dd>
              <dt>{t('profile.email')}</dt>
              <dd>{profile.email}</dd>
              <dt>{t('profile.roles')}</dt>
              <dd>{roleList(t, lang, profile.roles)}</dd>
              <dt>{t('profile.memberSince')}</dt>
              <dd>{formatDate(profile.createdAt, lang)}</dd>
            </dl>
          </section>
          <LanguagePreference key={lang} setLanguage={setLanguage} saving={saving} />
        </div>
      </div>
    </>
  );
}

export function LanguagePreference({
  setLanguage,
  saving,
}: Pick<ReturnType<typeof useLanguagePreference>, 'setLanguage' | 'saving'>): ReactNode {
  const { t, lang, languages } = useI18n();
  const [choice, setChoice] = useState<OfferedLang>(lang);
  return (
    <section className="card" aria-labelledby="language-title">
      <h2 id="language-title">{t('learner.language.title')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          // The confirmation is written in the newly chosen language, like the rest of the page from now on.
          setLanguage(choice, { confirm: translate(choice, 'learner.language.saved') });
        }}
      >
        <SelectField
          label={t('profile.language')}
          hint={t('learner.language.help')}
          value={choice}
          options={languages.map((code) => ({ value: code, label: LANGUAGE_NAMES[code], lang: code }))}
          onChange={(value) => {
            if (isOfferedLanguage(value)) setChoice(value);
          }}
        />
        <Button type="submit" busy={saving}>
          {t('learner.language.save')}
        </Button>
      </form>
    </section>
  );
}
