import { z } from 'zod';
import { lazySchema } from './lazy-schema';
import { subscriptionStatusSchema } from './billing';
import { professionSchema } from './trainings';

export const roles = ['learner', 'trainer', 'admin'] as const;
export const roleSchema = lazySchema(() => z.enum(roles));
export type Role = z.infer<typeof roleSchema>;

export const languages = ['fr', 'nl', 'de', 'en'] as const;
export const languageSchema = lazySchema(() => z.enum(languages));
export type Language = z.infer<typeof languageSchema>;

/** What the SPA needs to configure MSAL; served by the api so one build runs everywhere. */
export const authConfigSchema = lazySchema(() =>
  z.object({
    authority: z.url(),
    clientId: z.string().min(1),
    scopes: z.array(z.string().min(1)),
    knownAuthorities: z.array(z.string().min(1)),
    protocolMode: z.enum(['OIDC', 'AAD']),
    redirectPath: z.string().startsWith('/'),
    postLogoutPath: z.string().startsWith('/'),
    environment: z.enum(['local', 'test', 'azure']),
    sentryDsn: z.url().optional(),
    /** Microsoft Clarity project id; absent: the SPA never loads Clarity. */
    clarityProjectId: z
      .string()
      .regex(/^[a-z0-9]{1,32}$/i)
      .optional(),
  }),
);
export type AuthConfig = z.infer<typeof authConfigSchema>;

export const userStatusSchema = lazySchema(() => z.enum(['active', 'disabled']));
export type UserStatus = z.infer<typeof userStatusSchema>;

export const profileSchema = lazySchema(() =>
  z.object({
    id: z.string(),
    email: z.string(),
    displayName: z.string(),
    roles: z.array(roleSchema),
    language: languageSchema,
    status: userStatusSchema,
    createdAt: z.string(),
    firstName: z.string().optional(),
    lastName: z.string().optional(),
    profession: professionSchema.optional(),
    specialistTitle: z.boolean().optional(),
    phone: z.string().optional(),
    /** Names and profession are filled in: the learner space opens. */
    profileComplete: z.boolean(),
  }),
);
export type Profile = z.infer<typeof profileSchema>;

/**
 * The field error of a name that certificates cannot print. Stable: the SPA shows its own message for
 * it, and the api adds a localized `detail`.
 */
export const unprintableNameMessage = 'only Latin, Greek or Cyrillic letters can be printed on a certificate';

/**
 * Letters certificates can print: the Latin, Greek and Cyrillic letters of the blocks the embedded
 * certificate font (Noto Sans) covers (a unit test checks every one of them against the font), each
 * followed by at most two combining accents (U+0300–U+036F). CJK, Arabic, Hebrew… would print as empty
 * boxes, and stacks of accents overflow the line: both are refused.
 */
const printableLetter =
  /^(?=[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}])(?=\p{L})[A-Za-z\u00C0-\u024F\u1E00-\u1EFF\u0370-\u03FF\u1F00-\u1FFF\u0400-\u052F]$/u;
const combiningAccent = /^[\u0300-\u036F]$/u;
export const maxAccentsPerLetter = 2;

/** True when every letter of the name (NFC) can be printed on a certificate (see `printableLetter`). */
export function isPrintableName(name: string): boolean {
  let accents = 0;
  for (const char of name.normalize('NFC')) {
    if (combiningAccent.test(char)) {
      accents += 1;
      if (accents > maxAccentsPerLetter) return false;
      continue;
    }
    accents = 0;
    if (/[\p{L}\p{M}]/u.test(char) && !printableLetter.test(char)) return false;
  }
  return true;
}

const personNameSchema = lazySchema(() =>
  z
    .string()
    .trim()
    .min(1, 'required')
    .max(100, 'at most 100 characters')
    // Stored composed (NFC): "é" is one letter whether typed with a dead key or pasted decomposed.
    .transform((name) => name.normalize('NFC'))
    .pipe(
      z
        .string()
        .regex(/^[\p{L}\p{M}][\p{L}\p{M}' .\u2019-]*$/u, 'letters, spaces, apostrophes and hyphens only')
        .refine(isPrintableName, unprintableNameMessage),
    ),
);

/**
 * A phone number as typed (spaces, dots, dashes, slashes, parentheses allowed), normalised to E.164;
 * a national Belgian number (leading 0) gets +32.
 */
export const phoneSchema = lazySchema(() =>
  z
    .string()
    .trim()
    .max(30, 'at most 30 characters')
    .transform((raw) => {
      const compact = raw.replace(/[\s./()-]/g, '');
      if (compact.startsWith('00')) return `+${compact.slice(2)}`;
      if (compact.startsWith('0')) return `+32${compact.slice(1)}`;
      return compact;
    })
    .pipe(z.string().regex(/^\+[1-9]\d{7,14}$/, 'expected a phone number such as +32 470 12 34 56')),
);

/** PUT /api/me/details: the onboarding form, also editable from the profile page. */
export const myDetailsSchema = lazySchema(() =>
  z.strictObject({
    firstName: personNameSchema,
    lastName: personNameSchema,
    profession: professionSchema,
    specialistTitle: z.boolean().default(false),
    /** Empty or absent: no phone number. */
    phone: z.union([z.literal(''), phoneSchema]).optional(),
  }),
);
export type MyDetailsInput = z.input<typeof myDetailsSchema>;
export type MyDetails = z.output<typeof myDetailsSchema>;

export const updateMyProfileSchema = lazySchema(() =>
  z.strictObject({
    language: languageSchema,
  }),
);
export type UpdateMyProfile = z.infer<typeof updateMyProfileSchema>;

/**
 * `GET /api/manage/users`: search (e-mail or name) and filters, all kept on the admin directory's entry so
 * a page stays one single-partition query.
 */
export const userListQuerySchema = lazySchema(() =>
  z.object({
    q: z.string().trim().max(100).optional(),
    role: roleSchema.optional(),
    status: userStatusSchema.optional(),
    profession: professionSchema.optional(),
    /** The subscription status as Stripe last reported it (`none`: never subscribed). */
    subscription: subscriptionStatusSchema.optional(),
    continuationToken: z.string().max(4000).optional(),
  }),
);
export type UserListQuery = z.infer<typeof userListQuerySchema>;

export const userListItemSchema = lazySchema(() =>
  profileSchema.extend({
    /** Set by the list (from the directory); absent on a profile answered by another route. */
    subscription: subscriptionStatusSchema.optional(),
  }),
);
export type UserListItem = z.infer<typeof userListItemSchema>;

export const userListSchema = lazySchema(() =>
  z.object({
    items: z.array(userListItemSchema),
    continuationToken: z.string().optional(),
  }),
);
export type UserList = z.infer<typeof userListSchema>;

export const setUserStatusSchema = lazySchema(() => z.strictObject({ status: userStatusSchema }));
