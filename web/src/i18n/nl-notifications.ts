import type { frNotifications } from './fr-notifications';

// Dutch texts of the in-app notifications: the header's bell and the notifications page.
export const nlNotifications: Record<keyof typeof frNotifications, string> = {
  'notifications.bell':
    '{count, plural, =0 {Meldingen} one {Meldingen, # ongelezen} other {Meldingen, # ongelezen}}',
};
