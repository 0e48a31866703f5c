// French catalogue: the reference. Every other catalogue is typed against its keys.
export const fr = {
  'app.name': 'SOINS+',
  'app.tagline': 'La formation continue des infirmiers et sages-femmes de Belgique.',
  'a11y.skipToContent': 'Aller au contenu principal',
  'header.homeLink': 'SOINS+, accueil',
  'language.label': 'Langue',
  'home.documentTitle': 'SOINS+ : formation continue',
  'home.intro':
    'Suivez des formations en vidéo chapitre par chapitre, réussissez le quiz final et recevez votre attestation par e-mail.',
  'notFound.documentTitle': 'Page introuvable · SOINS+',
  'notFound.title': 'Page introuvable',
  'notFound.body': "L'adresse {path} n'existe pas ou a été déplacée.",
  'notFound.home': "Retour à l'accueil",
  'error.title': 'Une erreur est survenue',
  'error.body': 'Veuillez réessayer. Si le problème persiste, contactez-nous.',
  'error.retry': 'Réessayer',
} as const satisfies Record<string, string>;

export type MessageKey = keyof typeof fr;

/** A complete catalogue: a missing or extra key is a type error. */
export type Catalogue = Readonly<Record<MessageKey, string>>;
