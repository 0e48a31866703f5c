import type { ContentLanguage, UploadCompletion, UploadKind, VideoInfo } from '@soins/shared';
import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { isApiError } from '../../../api/client';
import { problemMessage } from '../../../api/problem-message';
import { useAppContext } from '../../../app-context';
import { useI18n, type MessageKey, type Translate } from '../../../i18n';
import { Button } from '../../../ui';
import { formatDuration, formatPercent, localeOf } from '../../courses/format';
import { uploadEndpoints } from './queries';
import { localResumeStore, uploadInBlocks, xhrTransport, type UploadProgress } from './uploader';
import { numberFormat } from '../../../i18n/intl';

const ACCEPT: Readonly<Record<UploadKind, string>> = {
  video: 'video/mp4,video/webm,.mp4,.webm',
  captions: 'text/vtt,.vtt',
  handout: 'application/pdf,.pdf',
};

const PHASE: Readonly<Record<UploadProgress['phase'], MessageKey>> = {
  uploading: 'builder.upload.uploading',
  retrying: 'builder.upload.retrying',
  committing: 'builder.upload.committing',
  verifying: 'builder.upload.verifying',
};

/** The extension the api expects for a picked file, from its name then its type; undefined when not allowed. */
export function extensionOf(kind: UploadKind, file: { name: string; type: string }): string | undefined {
  const fromName = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  const allowed: Readonly<Record<UploadKind, readonly string[]>> = {
    video: ['mp4', 'webm'],
    captions: ['vtt'],
    handout: ['pdf'],
  };
  if (fromName && allowed[kind].includes(fromName)) return fromName;
  const fromType: Readonly<Record<string, string>> = {
    'video/mp4': 'mp4',
    'video/webm': 'webm',
    'text/vtt': 'vtt',
    'application/pdf': 'pdf',
  };
  const byType = fromType[file.type];
  return byType && allowed[kind].includes(byType) ? byType : undefined;
}

/** A file size: "4,6 Mo" / "4,6 MB", "12 ko" / "12 kB". */
export function formatBytes(lang: string, bytes: number): string {
  const mega = bytes >= 1024 * 1024;
  return numberFormat(localeOf(lang), {
    style: 'unit',
    unit: mega ? 'megabyte' : 'kilobyte',
    unitDisplay: 'short',
    maximumFractionDigits: 1,
  }).format(mega ? bytes / (1024 * 1024) : Math.max(1, bytes / 1024));
}

export function describeVideo(t: Translate, lang: string, info: VideoInfo): string {
  return t('builder.media.videoInfo', {
    width: info.width,
    height: info.height,
    duration: formatDuration(lang, info.durationSeconds),
    format: info.container.toUpperCase(),
    size: formatBytes(lang, info.bytes),
  });
}

type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'uploading'; readonly progress: UploadProgress }
  | { readonly kind: 'done'; readonly completion: UploadCompletion }
  | { readonly kind: 'failed'; readonly message: string };

/**
 * One file of a chapter in one language: pick it, watch it go (progress, retries after a dropped connection,
 * the api's check), and see what the api read from it. The file goes straight to storage in blocks.
 */
export function MediaUpload({
  trainingId,
  chapterId,
  kind,
  language,
  label,
  onUploaded,
}: {
  readonly trainingId: string;
  readonly chapterId: string;
  readonly kind: UploadKind;
  readonly language: ContentLanguage;
  /** e.g. "Vidéo (français)". */
  readonly label: string;
  readonly onUploaded: (completion: UploadCompletion & { etag: string }) => void;
}): ReactNode {
  const { api } = useAppContext();
  const { t, lang } = useI18n();
  const id = useId();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const controller = useRef<AbortController | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(
    () => () => {
      controller.current?.abort();
    },
    [],
  );

  const start = async (file: File): Promise<void> => {
    const extension = extensionOf(kind, file);
    if (!extension) {
      setState({
        kind: 'failed',
        message: t(
          kind === 'video'
            ? 'problem.upload_not_video'
            : kind === 'captions'
              ? 'problem.upload_not_captions'
              : 'problem.upload_not_pdf',
        ),
      });
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    setState({ kind: 'uploading', progress: { phase: 'uploading', sent: 0, total: file.size } });
    try {
      const completion = await uploadInBlocks(file, {
        endpoints: uploadEndpoints(api, { trainingId, chapterId, kind, language, extension, file }),
        transport: xhrTransport,
        signal: abort.signal,
        resume: { store: localResumeStore, key: `${trainingId}/${chapterId}/${kind}/${language}` },
        onProgress: (progress) => {
          setState({ kind: 'uploading', progress });
        },
      });
      setState({ kind: 'done', completion });
      onUploaded(completion);
    } catch (error) {
      if (abort.signal.aborted) {
        setState({ kind: 'failed', message: t('builder.upload.cancelled') });
        return;
      }
      setState({
        kind: 'failed',
        message: isApiError(error) ? problemMessage(t, error) : t('builder.upload.failed'),
      });
    } finally {
      controller.current = null;
      if (inputRef.current) inputRef.current.value = '';
    }
  };

  const percent =
    state.kind === 'uploading' && state.progress.total > 0
      ? Math.floor((state.progress.sent * 100) / state.progress.total)
      : 0;
  return (
    <div className="media-upload">
      <label className="media-upload__label" htmlFor={id}>
        {label}
      </label>
      <input
        ref={inputRef}
        id={id}
        type="file"
        className="media-upload__input"
        accept={ACCEPT[kind]}
        disabled={state.kind === 'uploading'}
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          if (file) void start(file);
        }}
      />
      {state.kind === 'uploading' ? (
        <div className="media-upload__progress">
          <progress
            max={100}
            value={percent}
            aria-label={t('builder.upload.progressLabel', { file: label })}
          />
          <span role="status">
            {t(PHASE[state.progress.phase], {
              percent: formatPercent(lang, percent),
              sent: formatBytes(lang, state.progress.sent),
              total: formatBytes(lang, state.progress.total),
            })}
          </span>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => {
              controller.current?.abort();
            }}
          >
            {t('builder.upload.cancel')}
          </Button>
        </div>
      ) : null}
      {state.kind === 'done' ? (
        <p role="status" className="media-upload__done">
          {state.completion.video
            ? t('builder.upload.videoDone', { info: describeVideo(t, lang, state.completion.video) })
            : t('builder.upload.done')}
        </p>
      ) : null}
      {state.kind === 'failed' ? (
        <p role="alert" className="field__error">
          {state.message}
        </p>
      ) : null}
    </div>
  );
}
