import type { Catalogue } from './fr';

// German catalogue: partial for now; missing keys fall back to French. Not offered in the switch until complete.
export const de: Partial<Catalogue> = {
  'app.name': 'SOINS+',
  'app.tagline': 'Fortbildung für Krankenpflegerinnen, Krankenpfleger und Hebammen in Belgien.',
  'a11y.skipToContent': 'Zum Hauptinhalt springen',
  'language.label': 'Sprache',
  'header.signIn': 'Anmelden',
  'header.signOut': 'Abmelden',
  'home.signIn': 'Anmelden',
  'home.createAccount': 'Konto erstellen',
  'forbidden.title': 'Zugriff verweigert',
  'common.cancel': 'Abbrechen',
  'common.close': 'Schließen',
};
