import { z } from 'zod';
import { lazySchema } from './lazy-schema';

export const diplomaStatusSchema = lazySchema(() =>
  z.enum(['scanning', 'pending_review', 'approved', 'rejected', 'infected']),
);
export type DiplomaStatus = z.infer<typeof diplomaStatusSchema>;

export const diplomaContentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const diplomaMaxBytes = 10 * 1024 * 1024;

export const diplomaSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    userId: z.string(),
    status: diplomaStatusSchema,
    contentType: z.enum(diplomaContentTypes),
    sizeBytes: z.number().int().nonnegative(),
    uploadedAt: z.string(),
    decidedAt: z.string().optional(),
    rejectionReason: z.string().optional(),
  }),
);
export type Diploma = z.infer<typeof diplomaSchema>;

export const myDiplomaSchema = lazySchema(() => z.object({ diploma: diplomaSchema.nullable() }));

export const diplomaDecisionSchema = lazySchema(() =>
  z.discriminatedUnion('decision', [
    z.strictObject({ decision: z.literal('approve') }),
    z.strictObject({ decision: z.literal('reject'), reason: z.string().trim().min(3).max(500) }),
  ]),
);
export type DiplomaDecision = z.infer<typeof diplomaDecisionSchema>;

export const diplomaLinkSchema = lazySchema(() => z.object({ url: z.url(), expiresAt: z.string() }));
