// French texts of the account erasure in the learner's profile (learner space). The admins' list is in fr-admin.ts,
// the statuses and the api's problems in fr-privacy.ts (both show them).
export const frErasure = {
  'erasure.title': 'Effacer mon compte',
  'erasure.intro':
    'Votre compte et vos données seront effacés 14 jours après votre demande ; jusque-là, vous pouvez annuler. Seules les factures (10 ans, sans votre nom) et la vérification de vos attestations (valide ou révoquée, formation, date, sans nom) sont conservées, comme la loi l’exige.',
  'erasure.request': 'Demander l’effacement de mon compte',
  'erasure.confirmTitle': 'Confirmez l’effacement',
  'erasure.confirmText':
    'Pour votre sécurité, vous devez vous reconnecter (mot de passe) juste avant de confirmer.',
  'erasure.confirm': 'Oui, effacer mon compte dans 14 jours',
  'erasure.keep': 'Non, garder mon compte',
  'erasure.reauthenticate': 'Se reconnecter pour confirmer',
  'erasure.reauthNeeded':
    'Votre dernière connexion date de plus de 5 minutes : reconnectez-vous pour confirmer.',
  'erasure.pending': 'L’effacement de votre compte est programmé pour le {date}.',
  'erasure.pendingHint':
    'Un e-mail de confirmation vous a été envoyé. Vous pouvez annuler jusqu’à cette date.',
  'erasure.cancel': 'Annuler l’effacement',
  'erasure.cancelled': 'L’effacement a été annulé. Votre compte est conservé.',
} as const;
