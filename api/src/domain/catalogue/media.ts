// Chapter files of the course builder: the admin's browser uploads a video, captions or a handout straight
// to Blob Storage through a short-lived write-only link (blocks, resumable), then asks the api to check it.
// The api reads the file itself (size, container format, header), refuses and deletes what is not what it
// claims to be, and only then points the chapter at it.
import {
  captionsMaxBytes,
  handoutMaxBytes,
  uploadBlockBytes,
  uploadIdSchema,
  type Chapter,
  type ChapterMedia,
  type ContentLanguage,
  type FieldError,
  type MediaLink,
  type Training,
  type UploadKind,
  type UploadRequest,
  type UploadTicket,
  type VideoInfo,
} from '@soins/shared';
import type { AuditLog } from '../audit';
import type { Clock } from '../ports';
import { fail, ok, type Result } from '../result';
import { cachePrefixes, type ReadThroughCache } from './cache';
import { isPdf, isWebVtt, probeVideo, type ProbeFailure } from './media-probe';
import type { MediaFiles, TrainingStore } from './ports';

export type MediaError =
  | { code: 'not_found'; message: string }
  | { code: 'upload_too_large'; message: string; errors: FieldError[] }
  | { code: 'upload_not_video'; message: string; errors: FieldError[] }
  | { code: 'upload_not_captions'; message: string; errors: FieldError[] }
  | { code: 'upload_not_pdf'; message: string; errors: FieldError[] }
  | { code: 'upload_incomplete'; message: string }
  | { code: 'conflict'; message: string };

export interface MediaDeps {
  readonly trainings: TrainingStore;
  readonly files: MediaFiles;
  readonly cache: ReadThroughCache;
  readonly audit: AuditLog;
  readonly clock: Clock;
  readonly newId: () => string;
  /** Largest video accepted (VIDEO_UPLOAD_MAX_MB). */
  readonly videoMaxBytes: number;
}

/** Upload links live this long; an upload that outlives one asks for a fresh link (and resumes). */
export const uploadLinkMinutes = 30;
/** Read links of the editor and the preview. */
export const mediaLinkMinutes = 10;

const kindOfExtension = { mp4: 'video', webm: 'video', vtt: 'captions', pdf: 'handout' } as const;

const refusal = {
  video: 'upload_not_video',
  captions: 'upload_not_captions',
  handout: 'upload_not_pdf',
} as const satisfies Record<UploadKind, MediaError['code']>;

export interface ParsedUpload {
  readonly uploadId: string;
  readonly kind: UploadKind;
  readonly language: ContentLanguage;
  readonly extension: keyof typeof kindOfExtension;
  readonly blobName: string;
}

/** The upload an id names, or undefined for a malformed one (`<uuid>.<lang>.<ext>`). */
export function parseUpload(
  trainingId: string,
  chapterId: string,
  uploadId: string,
): ParsedUpload | undefined {
  if (!uploadIdSchema.safeParse(uploadId).success) return undefined;
  const [, language, extension] = uploadId.split('.') as [
    string,
    ContentLanguage,
    keyof typeof kindOfExtension,
  ];
  return {
    uploadId,
    kind: kindOfExtension[extension],
    language,
    extension,
    blobName: `${trainingId}/${chapterId}/${uploadId}`,
  };
}

export function maxBytesOf(kind: UploadKind, videoMaxBytes: number): number {
  return kind === 'video' ? videoMaxBytes : kind === 'captions' ? captionsMaxBytes : handoutMaxBytes;
}

const contentTypes = {
  mp4: 'video/mp4',
  webm: 'video/webm',
  vtt: 'text/vtt; charset=utf-8',
  pdf: 'application/pdf',
} as const;

const notFound = (message: string): MediaError => ({ code: 'not_found', message });

async function chapterOf(
  trainings: TrainingStore,
  trainingId: string,
  chapterId: string,
): Promise<Result<{ training: Training; chapter: Chapter }, MediaError>> {
  const training = await trainings.get(trainingId);
  if (!training) return fail(notFound('no such training'));
  const chapter = training.chapters.find((c) => c.id === chapterId);
  if (!chapter) return fail(notFound('no such chapter: save the chapter first'));
  return ok({ training, chapter });
}

/** `POST .../uploads`: a write-only link for a new file of the chapter. */
export class StartUpload {
  constructor(private readonly deps: MediaDeps) {}

  async execute(input: {
    trainingId: string;
    chapterId: string;
    request: UploadRequest;
  }): Promise<Result<UploadTicket, MediaError>> {
    const found = await chapterOf(this.deps.trainings, input.trainingId, input.chapterId);
    if (!found.ok) return found;
    const { kind, language, extension, size } = input.request;
    const maxBytes = maxBytesOf(kind, this.deps.videoMaxBytes);
    if (size > maxBytes) {
      return fail({
        code: 'upload_too_large',
        message: 'file too large',
        errors: [{ path: 'size', message: `at most ${maxBytes} bytes` }],
      });
    }
    const uploadId = `${this.deps.newId()}.${language}.${extension}`;
    const blobName = `${input.trainingId}/${input.chapterId}/${uploadId}`;
    const link = await this.deps.files.uploadLink(blobName, uploadLinkMinutes);
    return ok({
      uploadId,
      kind,
      language,
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      blockBytes: uploadBlockBytes,
      maxBytes,
      blocks: [],
    });
  }
}

/** `GET .../uploads/{uploadId}`: a fresh link for an interrupted upload, with the blocks already received. */
export class ResumeUpload {
  constructor(private readonly deps: MediaDeps) {}

  async execute(input: {
    trainingId: string;
    chapterId: string;
    uploadId: string;
  }): Promise<Result<UploadTicket, MediaError>> {
    const upload = parseUpload(input.trainingId, input.chapterId, input.uploadId);
    if (!upload) return fail(notFound('no such upload'));
    const found = await chapterOf(this.deps.trainings, input.trainingId, input.chapterId);
    if (!found.ok) return found;
    const [link, blocks] = await Promise.all([
      this.deps.files.uploadLink(upload.blobName, uploadLinkMinutes),
      this.deps.files.uncommittedBlocks(upload.blobName),
    ]);
    return ok({
      uploadId: upload.uploadId,
      kind: upload.kind,
      language: upload.language,
      url: link.url,
      expiresAt: link.expiresAt.toISOString(),
      blockBytes: uploadBlockBytes,
      maxBytes: maxBytesOf(upload.kind, this.deps.videoMaxBytes),
      blocks,
    });
  }
}

/** The chapter with one language's file replaced (the duration follows the longest video). */
export function withMedia(
  chapter: Chapter,
  upload: Pick<ParsedUpload, 'kind' | 'language' | 'blobName'>,
  video: VideoInfo | undefined,
): Chapter {
  if (upload.kind === 'captions') {
    return { ...chapter, captions: { ...chapter.captions, [upload.language]: upload.blobName } };
  }
  if (upload.kind === 'handout') {
    return { ...chapter, handout: { ...chapter.handout, [upload.language]: upload.blobName } };
  }
  const videoInfo = { ...chapter.videoInfo, ...(video ? { [upload.language]: video } : {}) };
  const videos = { ...chapter.video, [upload.language]: upload.blobName };
  // A language whose video predates header checks (no info) keeps the chapter's duration in the running.
  const unknown = (Object.keys(videos) as ContentLanguage[]).some((l) => videoInfo[l] === undefined);
  const durations = Object.values(videoInfo).map((info) => info.durationSeconds);
  const durationSeconds = Math.max(...durations, unknown ? chapter.durationSeconds : 0);
  return { ...chapter, video: videos, videoInfo, durationSeconds };
}

function previousFile(chapter: Chapter, kind: UploadKind, language: ContentLanguage): string | undefined {
  if (kind === 'video') return chapter.video[language];
  return (kind === 'captions' ? chapter.captions : chapter.handout)?.[language];
}

/**
 * `POST .../uploads/{uploadId}/completion`: checks the committed file and points the chapter at it. A file
 * over the limit or not of its kind is deleted and refused; nothing else changes.
 */
export class CompleteUpload {
  constructor(private readonly deps: MediaDeps) {}

  async execute(input: {
    trainingId: string;
    chapterId: string;
    uploadId: string;
    actorId: string;
  }): Promise<
    Result<{ training: Training; etag: string; upload: ParsedUpload; video?: VideoInfo }, MediaError>
  > {
    const { files } = this.deps;
    const upload = parseUpload(input.trainingId, input.chapterId, input.uploadId);
    if (!upload) return fail(notFound('no such upload'));
    const found = await chapterOf(this.deps.trainings, input.trainingId, input.chapterId);
    if (!found.ok) return found;
    const size = await files.size(upload.blobName);
    if (size === undefined) {
      return fail({ code: 'upload_incomplete', message: 'no committed file: finish the block list first' });
    }
    const maxBytes = maxBytesOf(upload.kind, this.deps.videoMaxBytes);
    if (size > maxBytes) {
      await files.delete(upload.blobName);
      return fail({
        code: 'upload_too_large',
        message: 'file too large',
        errors: [{ path: 'file', message: `${size} bytes, at most ${maxBytes}` }],
      });
    }
    const checked = await this.check(upload, size);
    if (!checked.ok) {
      await files.delete(upload.blobName);
      return fail({
        code: refusal[upload.kind],
        message: 'the file is not what it claims to be',
        errors: [{ path: 'file', message: checked.error.message }],
      });
    }
    const video = checked.value;
    await files.finalize(upload.blobName, {
      contentType: video ? contentTypes[video.container] : contentTypes[upload.extension],
      cacheControl: 'private, max-age=86400',
    });
    for (let round = 0; round < 5; round++) {
      const stored = await this.deps.trainings.getVersioned(input.trainingId);
      const chapter = stored?.value.chapters.find((c) => c.id === input.chapterId);
      if (!stored || !chapter) {
        await files.delete(upload.blobName);
        return fail(notFound('the chapter was removed meanwhile'));
      }
      const replaced = previousFile(chapter, upload.kind, upload.language);
      const training: Training = {
        ...stored.value,
        chapters: stored.value.chapters.map((c) => (c.id === chapter.id ? withMedia(c, upload, video) : c)),
        updatedAt: this.deps.clock.now().toISOString(),
      };
      const etag = await this.deps.trainings.replace(training, stored.etag);
      if (etag === undefined) continue;
      // Only files this builder uploaded for this chapter are removed (never a seeded or shared one).
      if (
        replaced &&
        replaced !== upload.blobName &&
        replaced.startsWith(`${input.trainingId}/${input.chapterId}/`)
      ) {
        await files.delete(replaced);
      }
      await this.deps.cache.invalidatePrefix(cachePrefixes.catalogue);
      await this.deps.audit.record({
        actor: input.actorId,
        action: 'training.media',
        target: { type: 'training', id: input.trainingId },
        at: this.deps.clock.now().toISOString(),
        after: {
          chapter: input.chapterId,
          kind: upload.kind,
          language: upload.language,
          bytes: size,
          ...(video
            ? {
                container: video.container,
                codec: video.codec,
                width: video.width,
                height: video.height,
                durationSeconds: video.durationSeconds,
              }
            : {}),
        },
      });
      return ok({ training, etag, upload, ...(video ? { video } : {}) });
    }
    return fail({ code: 'conflict', message: 'the training keeps changing; try again' });
  }

  /** The video's header facts, or nothing for captions and handouts once their format is checked. */
  private async check(
    upload: ParsedUpload,
    size: number,
  ): Promise<Result<VideoInfo | undefined, ProbeFailure>> {
    const read = this.deps.files.reader(upload.blobName);
    if (upload.kind === 'video') return probeVideo(read, size);
    const valid =
      upload.kind === 'captions' ? isWebVtt(await read(0, size)) : isPdf(await read(0, Math.min(size, 8)));
    return valid
      ? ok(undefined)
      : fail({ code: 'unreadable', message: `not a ${upload.kind === 'captions' ? 'WebVTT' : 'PDF'} file` });
  }
}

/** Read links to a chapter's files, the wanted language first (the course player and the builder). */
export async function chapterLinks(
  files: Pick<MediaFiles, 'readLink'>,
  chapter: Chapter,
  wanted: ContentLanguage,
  minutes: number,
): Promise<{ captions: MediaLink[]; handout: MediaLink | null }> {
  const order: ContentLanguage[] = wanted === 'nl' ? ['nl', 'fr'] : ['fr', 'nl'];
  const link = async (blob: string, language: ContentLanguage, download?: string): Promise<MediaLink> => {
    const made = await files.readLink(blob, minutes, download ? { download } : {});
    return { language, url: made.url, expiresAt: made.expiresAt.toISOString() };
  };
  const captions = await Promise.all(
    order.flatMap((language) => {
      const blob = chapter.captions?.[language];
      return blob ? [link(blob, language)] : [];
    }),
  );
  const handoutLanguage = order.find((language) => chapter.handout?.[language]);
  const handoutBlob = handoutLanguage ? chapter.handout?.[handoutLanguage] : undefined;
  const handout =
    handoutLanguage && handoutBlob
      ? await link(handoutBlob, handoutLanguage, `${chapter.id}.${handoutLanguage}.pdf`)
      : null;
  return { captions, handout };
}

/** `GET .../chapters/{chapterId}/media`: links for the editor and the preview (any status). */
export class ChapterMediaLinks {
  constructor(private readonly deps: Pick<MediaDeps, 'trainings' | 'files'>) {}

  async execute(input: {
    trainingId: string;
    chapterId: string;
    language: ContentLanguage;
  }): Promise<Result<ChapterMedia, MediaError>> {
    const found = await chapterOf(this.deps.trainings, input.trainingId, input.chapterId);
    if (!found.ok) return found;
    const { chapter } = found.value;
    const order: ContentLanguage[] = input.language === 'nl' ? ['nl', 'fr'] : ['fr', 'nl'];
    const videoLanguage = order.find((language) => chapter.video[language]);
    const videoBlob = videoLanguage ? chapter.video[videoLanguage] : undefined;
    const video =
      videoLanguage && videoBlob
        ? await this.deps.files.readLink(videoBlob, mediaLinkMinutes).then((made) => ({
            language: videoLanguage,
            url: made.url,
            expiresAt: made.expiresAt.toISOString(),
          }))
        : null;
    return ok({ video, ...(await chapterLinks(this.deps.files, chapter, input.language, mediaLinkMinutes)) });
  }
}
