import type { ContentLanguage, MediaLink } from '@soins/shared';
import type { ReactNode } from 'react';
import { useT, type MessageKey } from '../../../i18n';

const TRACK_LABEL: Readonly<Record<ContentLanguage, MessageKey>> = {
  fr: 'builder.language.fr',
  nl: 'builder.language.nl',
};

/**
 * The caption tracks of a chapter's video (the learner's player and the admin's preview), the one in the video's
 * language on by default. Captions are read from storage cross-origin: their `<video>` needs `crossOrigin`.
 */
export function CaptionTracks({
  captions,
  videoLanguage,
}: {
  readonly captions: readonly MediaLink[];
  readonly videoLanguage: string | undefined;
}): ReactNode {
  const t = useT();
  return captions.map((track) => (
    <track
      key={track.language}
      kind="captions"
      src={track.url}
      srcLang={track.language}
      label={t(TRACK_LABEL[track.language])}
      default={track.language === videoLanguage}
    />
  ));
}
