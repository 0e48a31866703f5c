import { z } from 'zod';

export const roles = ['learner', 'trainer', 'admin'] as const;
export const roleSchema = z.enum(roles);
export type Role = z.infer<typeof roleSchema>;

export const languages = ['fr', 'nl', 'de', 'en'] as const;
export const languageSchema = z.enum(languages);
export type Language = z.infer<typeof languageSchema>;

/** What the SPA needs to configure MSAL; served by the api so one build runs everywhere. */
export const authConfigSchema = z.object({
  authority: z.url(),
  clientId: z.string().min(1),
  scopes: z.array(z.string().min(1)),
  knownAuthorities: z.array(z.string().min(1)),
  protocolMode: z.enum(['OIDC', 'AAD']),
  redirectPath: z.string().startsWith('/'),
  postLogoutPath: z.string().startsWith('/'),
  environment: z.enum(['local', 'test', 'azure']),
  sentryDsn: z.url().optional(),
});
export type AuthConfig = z.infer<typeof authConfigSchema>;

export const userStatusSchema = z.enum(['active', 'disabled']);
export type UserStatus = z.infer<typeof userStatusSchema>;

export const profileSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  roles: z.array(roleSchema),
  language: languageSchema,
  status: userStatusSchema,
  createdAt: z.string(),
});
export type Profile = z.infer<typeof profileSchema>;

export const updateMyProfileSchema = z.strictObject({
  language: languageSchema,
});
export type UpdateMyProfile = z.infer<typeof updateMyProfileSchema>;

export const userListQuerySchema = z.object({
  q: z.string().trim().max(100).optional(),
  continuationToken: z.string().max(4000).optional(),
});

export const userListSchema = z.object({
  items: z.array(profileSchema),
  continuationToken: z.string().optional(),
});
export type UserList = z.infer<typeof userListSchema>;

export const setUserStatusSchema = z.strictObject({ status: userStatusSchema });

export const trainerSessionListSchema = z.object({
  items: z.array(
    z.object({
      id: z.string(),
      title: z.string(),
      startsAt: z.string(),
      location: z.string(),
      attendees: z.number().int().nonnegative(),
    }),
  ),
});
export type TrainerSessionList = z.infer<typeof trainerSessionListSchema>;
