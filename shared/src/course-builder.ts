import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { contentLanguageSchema, trainingSchema, videoInfoSchema } from './trainings';

// The course builder's media: chapter videos, captions and handouts go straight from the admin's browser
// to Blob Storage through a short-lived write-only link (block upload, resumable), then the api checks the
// file (size, container format, header) before the chapter uses it.
// Routes: `/api/manage/trainings/{trainingId}/chapters/{chapterId}/uploads[/{uploadId}[/completion]]`.

export const uploadKinds = ['video', 'captions', 'handout'] as const;
export const uploadKindSchema = lazySchema(() => z.enum(uploadKinds));
export type UploadKind = z.infer<typeof uploadKindSchema>;

/** File extensions per kind, part of the upload id (and of the blob name). */
export const uploadExtensions = {
  video: ['mp4', 'webm'],
  captions: ['vtt'],
  handout: ['pdf'],
} as const satisfies Record<UploadKind, readonly string[]>;
export type UploadExtension = (typeof uploadExtensions)[UploadKind][number];

/** Content types a browser may report for each extension (an empty type is accepted: the api reads the file). */
export const uploadContentTypes: Readonly<Record<UploadExtension, readonly string[]>> = {
  mp4: ['video/mp4'],
  webm: ['video/webm', 'audio/webm'],
  vtt: ['text/vtt'],
  pdf: ['application/pdf'],
};

/** Largest captions and handout files (videos: the api's `VIDEO_UPLOAD_MAX_MB` setting). */
export const captionsMaxBytes = 1024 * 1024;
export const handoutMaxBytes = 25 * 1024 * 1024;

/** Block size the browser uploads with (Put Block), and the most blocks a file may have. */
export const uploadBlockBytes = 4 * 1024 * 1024;

/** `<uuid>.<lang>.<ext>`: names the upload, its language and its format. */
export const uploadIdSchema = lazySchema(() =>
  z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.(fr|nl)\.(mp4|webm|vtt|pdf)$/),
);

/** `POST .../chapters/{chapterId}/uploads`: what the browser is about to send. */
export const uploadRequestSchema = lazySchema(() =>
  z
    .object({
      kind: uploadKindSchema,
      language: contentLanguageSchema,
      /** The file's extension (`mp4`/`webm` for a video, `vtt`, `pdf`). */
      extension: z.enum(['mp4', 'webm', 'vtt', 'pdf']),
      /** As the browser reports it (File.type); may be empty. */
      contentType: z.string().max(100),
      size: z.number().int().positive(),
    })
    .strict()
    .superRefine((request, ctx) => {
      if (!(uploadExtensions[request.kind] as readonly string[]).includes(request.extension)) {
        ctx.addIssue({
          code: 'custom',
          path: ['extension'],
          message: `expected ${uploadExtensions[request.kind].join(' or ')} for ${request.kind}`,
        });
      }
    }),
);
export type UploadRequest = z.infer<typeof uploadRequestSchema>;

export const uploadedBlockSchema = lazySchema(() =>
  z.object({ id: z.string(), size: z.number().int().nonnegative() }),
);
export type UploadedBlock = z.infer<typeof uploadedBlockSchema>;

/**
 * An upload ticket: a write-only link to the blob (create and write only: it cannot read or list), valid
 * until `expiresAt`, and the blocks already received (uncommitted) so an interrupted upload resumes.
 * `GET .../uploads/{uploadId}` answers a fresh ticket for the same upload.
 */
export const uploadTicketSchema = lazySchema(() =>
  z.object({
    uploadId: uploadIdSchema,
    kind: uploadKindSchema,
    language: contentLanguageSchema,
    url: z.string(),
    expiresAt: z.string(),
    blockBytes: z.number().int().positive(),
    maxBytes: z.number().int().positive(),
    blocks: z.array(uploadedBlockSchema),
  }),
);
export type UploadTicket = z.infer<typeof uploadTicketSchema>;

/** `POST .../uploads/{uploadId}/completion`: the file was checked and the chapter now uses it. */
export const uploadCompletionSchema = lazySchema(() =>
  z.object({
    training: trainingSchema,
    kind: uploadKindSchema,
    language: contentLanguageSchema,
    /** Set for videos: what the api read from the file's header. */
    video: videoInfoSchema.optional(),
  }),
);
export type UploadCompletion = z.infer<typeof uploadCompletionSchema>;

/** A read link to one language's file. */
export const mediaLinkSchema = lazySchema(() =>
  z.object({
    language: contentLanguageSchema,
    url: z.string(),
    expiresAt: z.string(),
  }),
);
export type MediaLink = z.infer<typeof mediaLinkSchema>;

/**
 * `GET /api/manage/trainings/{trainingId}/chapters/{chapterId}/media?lang=`: read links to a chapter's
 * files (any status, for the editor and the preview), the requested language first.
 */
export const chapterMediaSchema = lazySchema(() =>
  z.object({
    video: mediaLinkSchema.nullable(),
    captions: z.array(mediaLinkSchema),
    handout: mediaLinkSchema.nullable(),
  }),
);
export type ChapterMedia = z.infer<typeof chapterMediaSchema>;

/** A status change: `POST .../publish|unpublish|archive` (If-Match optional). */
export const trainingTransitions = ['publish', 'unpublish', 'archive'] as const;
export type TrainingTransition = (typeof trainingTransitions)[number];
