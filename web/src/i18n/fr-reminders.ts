// French texts of the e-mail reminders: the profile's switches and the unsubscribe page.
export const frReminders = {
  'reminders.title': 'Rappels par e-mail',
  'reminders.legend': 'Recevoir un e-mail quand :',
  'reminders.kind.idle_training': 'une formation commencée est en pause depuis 14 jours',
  'reminders.hint.idle_training': 'Un seul rappel par pause, pour reprendre là où vous vous êtes arrêté·e.',
  'reminders.kind.session_tomorrow': 'une session en présentiel a lieu le lendemain',
  'reminders.hint.session_tomorrow': 'La veille, avec l’heure et le lieu.',
  'reminders.kind.payment_failed': 'un paiement de l’abonnement est en attente',
  'reminders.hint.payment_failed':
    'Quelques jours avant la fin de votre accès, si le paiement n’a pas abouti.',
  'reminders.kind.subscription_ending': 'un abonnement résilié se termine',
  'reminders.hint.subscription_ending': 'Une semaine avant la fin de votre accès.',
  'reminders.kind.hours_short': 'il vous manque des heures pour votre obligation de formation',
  'reminders.hint.hours_short': 'Deux mois avant la fin de la période, si vos heures ne suffisent pas.',
  'reminders.save': 'Enregistrer mes rappels',
  'reminders.saved': 'Vos préférences de rappel sont enregistrées.',
  'unsubscribe.documentTitle': 'Se désinscrire d’un rappel · SOINS+',
  'unsubscribe.title': 'Se désinscrire d’un rappel',
  'unsubscribe.checking': 'Vérification du lien…',
  'unsubscribe.question': 'Ne plus recevoir d’e-mail quand {kind} ?',
  'unsubscribe.confirm': 'Me désinscrire',
  'unsubscribe.doneTitle': 'C’est fait',
  'unsubscribe.done':
    'Vous ne recevrez plus d’e-mail quand {kind}. Vous pouvez le réactiver dans votre profil.',
  'unsubscribe.invalidTitle': 'Lien de désinscription non valable',
  'unsubscribe.toProfile': 'Gérer mes rappels dans mon profil',
  'problem.unsubscribe_link_invalid':
    'Ce lien de désinscription n’est pas valide : modifiez vos rappels depuis votre profil.',
  'problem.unsubscribe_link_expired':
    'Ce lien de désinscription a expiré : modifiez vos rappels depuis votre profil.',
} as const;
