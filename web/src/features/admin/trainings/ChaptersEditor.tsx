import type { ContentLanguage, UploadCompletion, UploadKind } from '@soins/shared';
import { useId, useRef, useState, type ReactNode } from 'react';
import { useI18n, type MessageKey } from '../../../i18n';
import { Button, SelectField, TextField } from '../../../ui';
import { formatDuration } from '../../courses/format';
import { moveChapter, newKey, type ChapterDraft, type DraftErrors, type TrainingDraft } from './draft';
import { describeVideo, MediaUpload } from './MediaUpload';
import { BilingualField, LANGUAGE_NAME } from './TrainingFields';

const KIND_LABEL: Readonly<Record<UploadKind, MessageKey>> = {
  video: 'builder.media.video',
  captions: 'builder.media.captions',
  handout: 'builder.media.handout',
};

/**
 * The chapters of a training: titles, own completion rule, files per language, and their order — by dragging a
 * chapter, or from the keyboard (its move buttons, or the arrow keys on its handle). Every move is announced.
 */
export function ChaptersEditor({
  trainingId,
  draft,
  errors,
  onChange,
  onUploaded,
}: {
  /** Undefined while the training is not created yet (files need a saved chapter). */
  readonly trainingId: string | undefined;
  readonly draft: TrainingDraft;
  readonly errors: DraftErrors;
  readonly onChange: (chapters: readonly ChapterDraft[]) => void;
  readonly onUploaded: (completion: UploadCompletion & { etag: string }) => void;
}): ReactNode {
  const { t } = useI18n();
  const [announcement, setAnnouncement] = useState('');
  const [dragging, setDragging] = useState<number | null>(null);
  const handles = useRef(new Map<string, HTMLButtonElement>());
  const headingId = useId();
  const chapters = draft.chapters;
  const titleOf = (chapter: ChapterDraft, index: number): string =>
    chapter.title.fr.trim() || chapter.title.nl.trim() || t('builder.chapter.untitled', { n: index + 1 });

  const move = (from: number, to: number, focus: 'handle' | 'none' = 'none'): void => {
    const next = moveChapter(chapters, from, to);
    if (next === chapters) return;
    onChange(next);
    const moved = chapters[from];
    if (!moved) return;
    const position = next.indexOf(moved);
    setAnnouncement(
      t('builder.chapter.moved', {
        title: titleOf(moved, from),
        position: position + 1,
        total: next.length,
      }),
    );
    if (focus === 'handle') requestAnimationFrame(() => handles.current.get(moved.key)?.focus());
  };

  const update = (index: number, chapter: ChapterDraft): void => {
    onChange(chapters.map((c, i) => (i === index ? chapter : c)));
  };

  return (
    <section className="builder-section" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('builder.chapters.title')}</h2>
      <p className="field__hint">{t('builder.chapters.hint')}</p>
      <p className="sr-only" aria-live="polite">
        {announcement}
      </p>
      {errors.chapters ? <p className="field__error">{t(errors.chapters)}</p> : null}
      <ol className="chapter-list">
        {chapters.map((chapter, index) => {
          const title = titleOf(chapter, index);
          return (
            <li
              key={chapter.key}
              className={`chapter-card${dragging === index ? ' chapter-card--dragging' : ''}`}
              onDragOver={(event) => {
                if (dragging === null) return;
                event.preventDefault();
                event.dataTransfer.dropEffect = 'move';
              }}
              onDrop={(event) => {
                event.preventDefault();
                if (dragging !== null) move(dragging, index);
                setDragging(null);
              }}
            >
              <div className="chapter-card__head">
                <button
                  type="button"
                  className="chapter-card__handle"
                  draggable
                  ref={(element) => {
                    if (element) handles.current.set(chapter.key, element);
                    else handles.current.delete(chapter.key);
                  }}
                  aria-label={t('builder.chapter.handle', {
                    title,
                    position: index + 1,
                    total: chapters.length,
                  })}
                  aria-describedby={`${headingId}-handle-hint`}
                  onDragStart={(event) => {
                    event.dataTransfer.effectAllowed = 'move';
                    event.dataTransfer.setData('text/plain', chapter.key);
                    setDragging(index);
                  }}
                  onDragEnd={() => {
                    setDragging(null);
                  }}
                  onKeyDown={(event) => {
                    if (event.key === 'ArrowUp' || event.key === 'ArrowDown') {
                      event.preventDefault();
                      move(index, index + (event.key === 'ArrowUp' ? -1 : 1), 'handle');
                    }
                  }}
                >
                  <span aria-hidden="true">⠿</span>
                </button>
                <h3 className="chapter-card__title">
                  {t('builder.chapter.number', { n: index + 1 })} <span className="muted">{title}</span>
                </h3>
                <div className="cluster chapter-card__actions">
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={index === 0}
                    aria-label={t('builder.chapter.up', { title })}
                    onClick={() => {
                      move(index, index - 1);
                    }}
                  >
                    {t('builder.chapter.upShort')}
                  </Button>
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={index === chapters.length - 1}
                    aria-label={t('builder.chapter.down', { title })}
                    onClick={() => {
                      move(index, index + 1);
                    }}
                  >
                    {t('builder.chapter.downShort')}
                  </Button>
                  <Button
                    size="sm"
                    variant="danger"
                    aria-label={t('builder.chapter.remove', { title })}
                    onClick={() => {
                      onChange(chapters.filter((_c, i) => i !== index));
                      setAnnouncement(t('builder.chapter.removed', { title }));
                    }}
                  >
                    {t('builder.chapter.removeShort')}
                  </Button>
                </div>
              </div>
              <BilingualField
                legend={t('builder.chapter.titleField', { n: index + 1 })}
                value={chapter.title}
                languages={draft.languages}
                maxLength={200}
                error={
                  errors[`chapters.${String(index)}.title`]
                    ? t(errors[`chapters.${String(index)}.title`] ?? 'builder.error.chapterTitle')
                    : undefined
                }
                onChange={(value) => {
                  update(index, { ...chapter, title: value });
                }}
              />
              <div className="builder-row">
                <SelectField
                  label={t('builder.chapter.rule', { n: index + 1 })}
                  value={chapter.rule}
                  options={[
                    { value: 'inherit', label: t('builder.rule.inherit') },
                    { value: 'launch', label: t('builder.rule.launch') },
                    { value: 'watched', label: t('builder.rule.watched') },
                  ]}
                  onChange={(value) => {
                    update(index, { ...chapter, rule: value as ChapterDraft['rule'] });
                  }}
                />
                {chapter.rule === 'watched' ? (
                  <TextField
                    className="builder-percent"
                    label={t('builder.chapter.percent', { n: index + 1 })}
                    inputMode="numeric"
                    value={chapter.percent}
                    error={
                      errors[`chapters.${String(index)}.percent`] ? t('builder.error.percent') : undefined
                    }
                    onChange={(event) => {
                      update(index, { ...chapter, percent: event.currentTarget.value });
                    }}
                  />
                ) : null}
              </div>
              <label className="builder-choice">
                <input
                  type="checkbox"
                  checked={chapter.preview}
                  aria-describedby={`${headingId}-preview-hint`}
                  onChange={(event) => {
                    update(index, { ...chapter, preview: event.currentTarget.checked });
                  }}
                />
                {t('builder.chapter.preview', { n: index + 1 })}
              </label>
              <ChapterFiles
                trainingId={trainingId}
                chapter={chapter}
                index={index}
                languages={draft.languages}
                onUploaded={onUploaded}
              />
            </li>
          );
        })}
      </ol>
      <p id={`${headingId}-handle-hint`} className="sr-only">
        {t('builder.chapter.handleHint')}
      </p>
      <p id={`${headingId}-preview-hint`} className="sr-only">
        {t('builder.chapter.previewHint')}
      </p>
      <Button
        variant="secondary"
        onClick={() => {
          onChange([
            ...chapters,
            {
              key: newKey(),
              id: undefined,
              title: { fr: '', nl: '' },
              rule: 'inherit',
              percent: '90',
              preview: false,
              media: { video: {}, durationSeconds: 0 },
            },
          ]);
          setAnnouncement(t('builder.chapter.added', { n: chapters.length + 1 }));
        }}
      >
        {t('builder.chapter.add')}
      </Button>
    </section>
  );
}

/** A chapter's files per language, with what the api read from each video. */
function ChapterFiles({
  trainingId,
  chapter,
  index,
  languages,
  onUploaded,
}: {
  readonly trainingId: string | undefined;
  readonly chapter: ChapterDraft;
  readonly index: number;
  readonly languages: readonly ContentLanguage[];
  readonly onUploaded: (completion: UploadCompletion & { etag: string }) => void;
}): ReactNode {
  const { t, lang } = useI18n();
  const { media } = chapter;
  if (!trainingId || !chapter.id) {
    return <p className="chapter-card__note">{t('builder.media.saveFirst')}</p>;
  }
  const chapterId = chapter.id;
  return (
    <div className="chapter-files">
      <h4 className="chapter-files__title">{t('builder.media.title', { n: index + 1 })}</h4>
      {media.durationSeconds > 0 ? (
        <p className="muted">
          {t('builder.media.duration', { duration: formatDuration(lang, media.durationSeconds) })}
        </p>
      ) : null}
      {languages.map((language) => {
        const info = media.videoInfo?.[language];
        const languageName = t(LANGUAGE_NAME[language]);
        const present = (kind: UploadKind): boolean =>
          Boolean(
            kind === 'video'
              ? media.video[language]
              : kind === 'captions'
                ? media.captions?.[language]
                : media.handout?.[language],
          );
        return (
          <div key={language} className="chapter-files__language" lang={undefined}>
            <p className="chapter-files__status">
              <strong>{languageName}</strong>
              {' — '}
              {media.video[language]
                ? info
                  ? describeVideo(t, lang, info)
                  : t('builder.media.videoPresent')
                : t('builder.media.noVideo')}
              {present('captions') ? ` · ${t('builder.media.hasCaptions')}` : ''}
              {present('handout') ? ` · ${t('builder.media.hasHandout')}` : ''}
            </p>
            <div className="chapter-files__uploads">
              {(['video', 'captions', 'handout'] as const).map((kind) => (
                <MediaUpload
                  key={kind}
                  trainingId={trainingId}
                  chapterId={chapterId}
                  kind={kind}
                  language={language}
                  label={t('builder.media.pick', {
                    kind: t(KIND_LABEL[kind]),
                    language: languageName,
                    n: index + 1,
                  })}
                  onUploaded={onUploaded}
                />
              ))}
            </div>
          </div>
        );
      })}
    </div>
  );
}
