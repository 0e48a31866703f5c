// French texts of the in-app notifications: the header's bell and the notifications page.
export const frNotifications = {
  'notifications.bell':
    '{count, plural, =0 {Notifications} one {Notifications, # non lue} other {Notifications, # non lues}}',
} as const;
