// French texts of in-person sessions (trainer space, attendance sheet) and their problems.
export const frSessions = {
  'problem.session_not_assigned': 'Vous n’êtes pas formateur·rice de cette session.',
  'problem.session_sheet_signed': 'La feuille de présence est signée : elle ne peut plus être modifiée.',
  'problem.session_hours_above_length': 'Les heures partielles dépassent la durée de la session.',
  'problem.session_attendance_attested':
    'Une attestation a déjà été délivrée à ce participant : sa présence ne peut plus changer.',
  'problem.session_cancelled': 'Cette session est annulée.',
  'problem.session_started': 'Cette session a déjà commencé.',
  'courses.verify.kindAttestation': 'Attestation de présence à une formation en présentiel',
  'trainer.sessions.open': 'Ouvrir la feuille de présence',
  'trainer.sessions.signed': 'Signée',
  'trainer.sessions.toSign': 'À signer',
  'trainer.sheet.documentTitle': 'Feuille de présence · SOINS+',
  'trainer.sheet.back': 'Retour à mes sessions',
  'trainer.sheet.title': 'Feuille de présence',
  'trainer.sheet.place': 'Lieu',
  'trainer.sheet.hours': 'Heures accréditées',
  'trainer.sheet.participants': 'Participants',
  'trainer.sheet.empty': 'Aucun participant inscrit.',
  'trainer.sheet.profession': 'Profession',
  'trainer.sheet.inami': 'INAMI',
  'trainer.sheet.reveal': 'Afficher le numéro INAMI',
  'trainer.sheet.attendance': 'Présence de {name}',
  'trainer.sheet.present': 'Présent·e',
  'trainer.sheet.absent': 'Absent·e',
  'trainer.sheet.partial': 'Partiel',
  'trainer.sheet.partialHours': 'Heures suivies (max. {max})',
  'trainer.sheet.attested': 'Attestation délivrée',
  'trainer.sheet.save': 'Enregistrer les présences',
  'trainer.sheet.saved': 'Présences enregistrées.',
  'trainer.sheet.signOff': 'Signer la feuille et délivrer les attestations',
  'trainer.sheet.signOffConfirm':
    'Après signature, la feuille est verrouillée et les attestations sont envoyées aux participant·e·s présent·e·s. Continuer ?',
  'trainer.sheet.signedOff': 'Feuille signée le {date}. {count} attestation(s) délivrée(s).',
  'trainer.sheet.waiting': '{count} personne(s) en liste d’attente.',
} as const;

export type SessionsMessageKey = keyof typeof frSessions;
