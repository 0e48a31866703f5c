import type { Language, Profession, Role, SubscriptionStatus, UserStatus } from '@soins/shared';
import type { Versioned } from '../ports';

/** Who the identity provider says the caller is (from a verified access token). */
export interface VerifiedIdentity {
  readonly issuer: string;
  readonly subject: string;
  readonly email?: string;
  readonly name?: string;
  readonly locale?: string;
  /** `auth_time`: when the person last signed in with their password (Unix seconds), when present. */
  readonly authTime?: number;
  /** Entra's `oid` (the account's object id, what Microsoft Graph names it by), when present. */
  readonly objectId?: string;
}

export type StoredUserStatus = UserStatus | 'deleted';

export interface UserProfile {
  readonly id: string;
  readonly issuer: string;
  readonly subject: string;
  readonly email: string;
  readonly displayName: string;
  readonly roles: readonly Role[];
  readonly language: Language;
  readonly status: StoredUserStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  /** Completed by the user after the first sign-in (see `isProfileComplete`). */
  readonly firstName?: string;
  readonly lastName?: string;
  readonly profession?: Profession;
  /** A nurse holding a specialist title or qualification (60 h over 4 years instead of 5 h a year). */
  readonly specialistTitle?: boolean;
  /** E.164, e.g. +32470123456. */
  readonly phone?: string;
}

/** The onboarding form has been filled: names and profession are known. */
export function isProfileComplete(profile: UserProfile): boolean {
  return Boolean(profile.firstName && profile.lastName && profile.profession);
}

export type { Versioned } from '../ports';

/** A profile as the admin directory lists it, with the subscription status the directory keeps. */
export interface DirectoryUser {
  readonly profile: UserProfile;
  readonly subscription: SubscriptionStatus;
}

export interface UserPage {
  readonly items: readonly DirectoryUser[];
  readonly continuationToken?: string;
}

/** The admin list's search and filters (every one applied on the directory entry). */
export interface UserListQuery {
  /** E-mail or name, case-insensitive. */
  readonly search?: string;
  readonly role?: Role;
  readonly status?: UserStatus;
  readonly profession?: Profession;
  readonly subscription?: SubscriptionStatus;
  readonly continuationToken?: string;
  readonly pageSize: number;
}

export interface UserRepository {
  get(id: string): Promise<Versioned<UserProfile> | undefined>;
  /** Creates the profile; resolves false if one with that id already exists. */
  create(profile: UserProfile): Promise<boolean>;
  /** Replaces the profile if its etag still matches; resolves false on a concurrent change. */
  replace(profile: UserProfile, etag: string): Promise<boolean>;
  /**
   * Users other than deleted ones, newest first, optionally searched by e-mail or name (case-insensitive)
   * and filtered, one page at a time: `continuationToken` comes from the previous page of the same search
   * (any other throws InvalidPageTokenError).
   */
  list(query: UserListQuery): Promise<UserPage>;
  /** The (not deleted) account with this e-mail address, case-insensitive. */
  findByEmail(email: string): Promise<UserProfile | undefined>;
  /** Active users with the role, e.g. the admins to alert. */
  activeWithRole(role: Role): Promise<UserProfile[]>;
}

export interface TokenVerifier {
  /** Resolves the identity, or undefined for any invalid token (never says why: no help for attackers). */
  verify(token: string): Promise<VerifiedIdentity | undefined>;
}

export const grantableRoles = ['trainer', 'admin'] as const satisfies readonly Role[];
export type GrantableRole = (typeof grantableRoles)[number];

/** Billing tells the admin directory a user's subscription status (the list filters on it). */
export interface SubscriptionDirectory {
  noteSubscription(userId: string, status: SubscriptionStatus): Promise<void>;
}
