import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const legalDocumentTypes = ['terms', 'privacy'] as const;
export const legalDocumentTypeSchema = lazySchema(() => z.enum(legalDocumentTypes));
export type LegalDocumentType = z.infer<typeof legalDocumentTypeSchema>;

const localizedText = lazySchema(() =>
  z.strictObject({
    title: z.string().trim().min(3).max(200),
    body: z.string().trim().min(20).max(100_000),
  }),
);

/** fr and nl are both required: every user must be able to read what they accept. */
export const legalContentSchema = lazySchema(() => z.strictObject({ fr: localizedText, nl: localizedText }));
export type LegalContent = z.infer<typeof legalContentSchema>;

/**
 * `POST /api/manage/legal/{type}/versions`. `basedOn`: the version the draft started from (0 when none
 * was published); a newer one published meanwhile makes the publication a 412, so no edit is lost.
 */
export const publishLegalVersionSchema = lazySchema(() =>
  z.strictObject({
    content: legalContentSchema,
    basedOn: z.number().int().nonnegative().optional(),
  }),
);

export const legalDocumentSchema = lazySchema(() =>
  z.object({
    type: legalDocumentTypeSchema,
    version: z.number().int().positive(),
    publishedAt: z.string(),
    content: legalContentSchema,
  }),
);
export type LegalDocument = z.infer<typeof legalDocumentSchema>;

export const legalStatusSchema = lazySchema(() =>
  z.object({
    current: z.array(legalDocumentSchema),
    pending: z.array(z.object({ type: legalDocumentTypeSchema, version: z.number().int().positive() })),
  }),
);
export type LegalStatus = z.infer<typeof legalStatusSchema>;

export const acceptLegalSchema = lazySchema(() =>
  z.strictObject({
    type: legalDocumentTypeSchema,
    version: z.number().int().positive(),
  }),
);
