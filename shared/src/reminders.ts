import { z } from 'zod';
import { lazySchema } from './lazy-schema';

// E-mail reminders (timer functions through the `reminders` queue): the kinds, the learner's
// preferences (one switch per kind, on by default) and the one-click unsubscribe link's answers.

export const reminderKinds = [
  /** A training started and left idle for 14 days. */
  'idle_training',
  /** An in-person session the learner holds a seat in starts tomorrow (Europe/Brussels). */
  'session_tomorrow',
  /** A renewal payment failed: access ends soon unless the payment method is fixed. */
  'payment_failed',
  /** A cancelled subscription ends within the week. */
  'subscription_ending',
  /** Two months before the end of a legal period, the hours of an obligation are short. */
  'hours_short',
] as const;
export const reminderKindSchema = lazySchema(() => z.enum(reminderKinds));
export type ReminderKind = z.infer<typeof reminderKindSchema>;

/** One switch per kind; every kind is present (the api fills the defaults: on). */
export const reminderPreferencesSchema = lazySchema(() =>
  z
    .object({
      idle_training: z.boolean(),
      session_tomorrow: z.boolean(),
      payment_failed: z.boolean(),
      subscription_ending: z.boolean(),
      hours_short: z.boolean(),
    })
    .strict(),
);
export type ReminderPreferences = z.infer<typeof reminderPreferencesSchema>;

export const defaultReminderPreferences: ReminderPreferences = {
  idle_training: true,
  session_tomorrow: true,
  payment_failed: true,
  subscription_ending: true,
  hours_short: true,
};

/** `GET/PUT /api/me/reminders`. */
export const myReminderPreferencesSchema = lazySchema(() =>
  z.object({ preferences: reminderPreferencesSchema }).strict(),
);
export type MyReminderPreferences = z.infer<typeof myReminderPreferencesSchema>;

/**
 * The signed token of an unsubscribe link: `v<keyVersion>.<payload>.<signature>`, base64url parts.
 * Only its shape is checked here; the api verifies the signature.
 */
export const unsubscribeTokenSchema = lazySchema(() =>
  z
    .string()
    .max(512)
    .regex(/^v[1-9]\d{0,8}\.[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{43}$/),
);

/**
 * `GET /api/reminders/unsubscribe?token=` (what the link is for; changes nothing) and the answer of its
 * one-click `POST` (RFC 8058: the kind is now off).
 */
export const unsubscribeViewSchema = lazySchema(() =>
  z.object({ kind: reminderKindSchema, subscribed: z.boolean() }).strict(),
);
export type UnsubscribeView = z.infer<typeof unsubscribeViewSchema>;
