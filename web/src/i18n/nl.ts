import type { Catalogue } from './fr';

// Dutch catalogue: complete, like the French one.
export const nl: Catalogue = {
  'app.name': 'SOINS+',
  'app.tagline': 'Permanente vorming voor verpleegkundigen en vroedvrouwen in België.',
  'a11y.skipToContent': 'Naar de hoofdinhoud',
  'header.homeLink': 'SOINS+, startpagina',
  'language.label': 'Taal',
  'home.documentTitle': 'SOINS+: permanente vorming',
  'home.intro':
    'Volg opleidingen op video, hoofdstuk per hoofdstuk, slaag voor de eindquiz en ontvang uw attest per e-mail.',
  'notFound.documentTitle': 'Pagina niet gevonden · SOINS+',
  'notFound.title': 'Pagina niet gevonden',
  'notFound.body': 'Het adres {path} bestaat niet of werd verplaatst.',
  'notFound.home': 'Terug naar de startpagina',
  'error.title': 'Er is een fout opgetreden',
  'error.body': 'Probeer het opnieuw. Neem contact met ons op als het probleem blijft.',
  'error.retry': 'Opnieuw proberen',
};
