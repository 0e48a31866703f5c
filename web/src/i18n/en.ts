import type { Catalogue } from './fr';

// English catalogue: partial for now; missing keys fall back to French. Not offered in the switch until complete.
export const en: Partial<Catalogue> = {
  'app.name': 'SOINS+',
  'app.tagline': 'Continuing education for nurses and midwives in Belgium.',
  'a11y.skipToContent': 'Skip to main content',
  'language.label': 'Language',
  'header.signIn': 'Sign in',
  'header.signOut': 'Sign out',
  'home.signIn': 'Sign in',
  'home.createAccount': 'Create an account',
  'forbidden.title': 'Access denied',
  'common.cancel': 'Cancel',
  'common.close': 'Close',
};
