// The words of every email, in French and Dutch (Belgian usage). German and English users receive
// the French version until those languages are written (see copyFor).
import type { EmailRequest, Language } from '@soins/shared';
import type { EmailBlock, EmailContent, EmailFrame } from './content';

/** Formatting the copy needs; provided by the renderer for the right locale. */
export interface CopyTools {
  readonly money: (amountCents: number, currency: string) => string;
  /** Calendar date in Europe/Brussels, e.g. "31 décembre 2026". */
  readonly date: (iso: string) => string;
  /** Absolute link into the SPA. */
  readonly link: (path: string) => string;
}

type Render<T extends EmailRequest['template']> = (
  request: Extract<EmailRequest, { template: T }>,
  tools: CopyTools,
) => EmailContent;

export interface LanguageCopy {
  readonly frame: EmailFrame;
  readonly templates: { readonly [T in EmailRequest['template']]: Render<T> };
}

/** SPA paths the emails link to (the learner's space holds profile, diploma and subscription). */
export const emailLinks = {
  space: '/dashboard',
  diplomaReview: '/admin/diplomas',
  /** The export's download page (behind sign-in): it asks the api for a fresh link. */
  dataExport: (exportId: string) => `/exports/${exportId}`,
  profile: '/profile',
  privacyPolicy: '/privacy',
  reporting: '/admin/reporting',
  training: (trainingId: string) => `/learn/${encodeURIComponent(trainingId)}`,
  sessions: '/sessions',
  subscription: '/account/subscription',
  hours: '/certificates',
  /** The confirmation page of a reminder's unsubscribe link (GET shows it, its button posts). */
  unsubscribe: (token: string) => `/unsubscribe?token=${encodeURIComponent(token)}`,
  /** RFC 8058 one-click target (List-Unsubscribe header): the api itself, POST without sign-in. */
  unsubscribeOneClick: (token: string) => `/api/reminders/unsubscribe?token=${encodeURIComponent(token)}`,
} as const;

/** Report names in the export e-mail (the reporting page uses the same words). */
const reportNames = {
  fr: {
    'training-participants': 'Participants à une formation',
    'training-rates': 'Taux d’achèvement et de réussite',
    'session-participants': 'Participants à une session',
    'yearly-hours': 'Heures accréditées de l’année',
  },
  nl: {
    'training-participants': 'Deelnemers aan een opleiding',
    'training-rates': 'Voltooiings- en slaagpercentages',
    'session-participants': 'Deelnemers aan een sessie',
    'yearly-hours': 'Geaccrediteerde uren van het jaar',
  },
} as const;

const nbsp = '\u00a0';

const fr: LanguageCopy = {
  frame: {
    locale: 'fr-BE',
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    labelled: (label, value) => `${label}${nbsp}: ${value}`,
    signOff: 'À bientôt,',
    team: 'L’équipe SOINS+',
    linkFallback: 'Si le bouton ne fonctionne pas, copiez ce lien dans votre navigateur',
    footer:
      'Vous recevez cet e-mail de service parce que vous avez un compte SOINS+, la formation continue des infirmier·ère·s et sages-femmes de Belgique.',
  },
  templates: {
    welcome: (_request, { link }) => ({
      subject: 'Bienvenue sur SOINS+',
      preheader: `Votre compte est prêt${nbsp}: découvrez vos formations continues en vidéo.`,
      heading: 'Bienvenue sur SOINS+',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Nous sommes ravis de vous compter parmi nous. SOINS+ est la plateforme de formation continue pensée pour les infirmier·ère·s et les sages-femmes de Belgique.',
        },
        { kind: 'paragraph', text: `Pour bien commencer${nbsp}:` },
        {
          kind: 'list',
          items: [
            `complétez votre profil et déposez votre diplôme, que notre équipe vérifiera${nbsp};`,
            `suivez les formations en vidéo, chapitre par chapitre, à votre rythme${nbsp};`,
            'réussissez le quiz final et recevez votre attestation par e-mail.',
          ],
        },
        { kind: 'action', label: 'Accéder à mon espace', url: link(emailLinks.space) },
      ],
    }),
    subscription_confirmed: (request, { money, date, link }) => {
      const plan = request.plan === 'yearly' ? 'abonnement annuel' : 'abonnement mensuel';
      const per = request.plan === 'yearly' ? 'par an' : 'par mois';
      return {
        subject: 'Votre abonnement SOINS+ est confirmé',
        preheader: `Merci${nbsp}! Votre ${plan} est actif.`,
        heading: 'Merci, votre abonnement est actif',
        blocks: [
          {
            kind: 'paragraph',
            text: `Merci pour votre confiance${nbsp}! Votre ${plan} est confirmé${nbsp}: vous avez désormais accès à l’ensemble du catalogue de formations.`,
          },
          {
            kind: 'facts',
            rows: [
              ['Formule', capitalize(plan)],
              ['Montant', `${money(request.amountCents, request.currency)} ${per}`],
              ['Période en cours jusqu’au', date(request.periodEnd)],
            ],
          },
          {
            kind: 'paragraph',
            text: 'Votre abonnement se renouvelle automatiquement à cette date. Vous pouvez le gérer à tout moment depuis votre espace.',
          },
          { kind: 'action', label: 'Commencer une formation', url: link(emailLinks.space) },
        ],
      };
    },
    diploma_approved: (request, { link }) => ({
      subject: 'Votre diplôme a été validé',
      preheader: `Bonne nouvelle${nbsp}: votre diplôme est validé.`,
      heading: 'Votre diplôme est validé',
      blocks: [
        {
          kind: 'paragraph',
          text: `Bonne nouvelle${nbsp}: notre équipe a vérifié le diplôme que vous avez déposé et l’a validé.`,
        },
        {
          kind: 'paragraph',
          text: {
            released: `Les attestations des formations que vous avez déjà réussies vous sont envoyées par e-mail dans quelques minutes${nbsp}; les suivantes vous parviendront dès que vous réussirez une formation.`,
            on_next_pass: `Vous recevrez désormais une attestation de formation continue dès que vous réussirez une formation.`,
            profile_incomplete: `Pour recevoir vos attestations de formation continue, complétez encore votre profil (prénom et nom tels qu’ils figureront sur vos attestations)${nbsp}: les formations que vous aurez réussies entre-temps vous seront attestées dès qu’il sera complet.`,
          }[request.certificates],
        },
        { kind: 'action', label: 'Accéder à mon espace', url: link(emailLinks.space) },
      ],
    }),
    diploma_rejected: (request, { link }) => ({
      subject: 'Votre diplôme n’a pas pu être validé',
      preheader: 'Notre équipe a besoin d’un nouveau document pour valider votre diplôme.',
      heading: 'Votre diplôme n’a pas pu être validé',
      blocks: [
        {
          kind: 'paragraph',
          text: `Notre équipe a examiné le document que vous avez déposé, mais n’a malheureusement pas pu le valider, pour la raison suivante${nbsp}:`,
        },
        { kind: 'quote', text: request.reason },
        {
          kind: 'paragraph',
          text: `Vous pouvez déposer un nouveau document depuis votre espace${nbsp}: une photo ou un scan lisible du diplôme complet. Nous le vérifierons dans les meilleurs délais.`,
        },
        { kind: 'action', label: 'Déposer un nouveau document', url: link(emailLinks.space) },
      ],
    }),
    payment_failed: (request, { money, link }) => ({
      subject: 'Votre paiement SOINS+ n’a pas abouti',
      preheader: 'Vérifiez votre moyen de paiement pour garder l’accès à vos formations.',
      heading: 'Votre paiement n’a pas abouti',
      blocks: [
        {
          kind: 'paragraph',
          text: `Nous n’avons pas pu encaisser le paiement de ${money(request.amountCents, request.currency)} pour votre abonnement SOINS+. Cela arrive, par exemple, lorsqu’une carte a expiré ou que son plafond est atteint.`,
        },
        {
          kind: 'paragraph',
          text: `Pour garder l’accès à vos formations, vérifiez votre moyen de paiement et réessayez${nbsp}:`,
        },
        { kind: 'action', label: 'Régler le paiement', url: request.retryUrl ?? link(emailLinks.space) },
        {
          kind: 'paragraph',
          text: 'Si vous avez réglé ce montant entre-temps, vous pouvez ignorer ce message.',
        },
      ],
    }),
    certificate_issued: (request, { date, link }) => ({
      subject: `Votre attestation${nbsp}: ${request.trainingTitle}`,
      preheader: `Félicitations${nbsp}! Votre attestation de formation continue est jointe à cet e-mail.`,
      heading: 'Félicitations, votre attestation est prête',
      blocks: [
        {
          kind: 'paragraph',
          text: `Vous avez réussi le quiz final. Votre attestation de formation continue est jointe à cet e-mail au format PDF${nbsp}; elle reste disponible dans votre espace.`,
        },
        {
          kind: 'facts',
          rows: [
            ['Formation', request.trainingTitle],
            ['Heures accréditées', hoursText(request.hours)],
            ['Réussie le', date(request.completedAt)],
            ['Code de vérification', groupCode(request.verificationCode)],
          ],
        },
        {
          kind: 'paragraph',
          text: `Toute personne à qui vous la présentez peut vérifier son authenticité avec ce code${nbsp}:`,
        },
        {
          kind: 'action',
          label: 'Vérifier l’attestation',
          url: link(`/verify/${request.verificationCode}`),
        },
      ],
    }),
    session_registration: (request, { date, link }) => ({
      subject:
        request.status === 'cancelled'
          ? `Inscription annulée${nbsp}: ${request.trainingTitle}`
          : request.status === 'waiting'
            ? `Liste d’attente${nbsp}: ${request.trainingTitle}`
            : `Inscription confirmée${nbsp}: ${request.trainingTitle}`,
      preheader:
        request.status === 'cancelled'
          ? 'Votre inscription à la session est annulée.'
          : request.status === 'waiting'
            ? 'La session est complète : vous êtes sur la liste d’attente.'
            : 'Votre place est réservée. Le fichier joint l’ajoute à votre agenda.',
      heading:
        request.status === 'cancelled'
          ? 'Inscription annulée'
          : request.status === 'waiting'
            ? 'Vous êtes sur la liste d’attente'
            : 'Votre place est réservée',
      blocks: [
        {
          kind: 'paragraph',
          text:
            request.status === 'cancelled'
              ? `Votre inscription est annulée. Le fichier joint retire la session de votre agenda.`
              : request.status === 'waiting'
                ? `La session est complète. Vous recevrez un e-mail dès qu’une place se libère${nbsp}: elle vous sera attribuée automatiquement.`
                : `Votre place est réservée. Ajoutez la session à votre agenda avec le fichier joint.`,
        },
        {
          kind: 'facts',
          rows: [
            ['Formation', request.trainingTitle],
            ['Date', `${date(request.startsAt)}, ${timeRange(request.startsAt, request.endsAt)}`],
            ['Lieu', request.place],
          ],
        },
        { kind: 'action', label: 'Mes sessions', url: link('/sessions') },
      ],
    }),
    session_cancelled: (request, { date, link }) => ({
      subject: `Session annulée${nbsp}: ${request.trainingTitle}`,
      preheader: 'La session à laquelle vous étiez inscrit·e est annulée.',
      heading: 'La session est annulée',
      blocks: [
        {
          kind: 'paragraph',
          text: `La session à laquelle vous étiez inscrit·e (ou en liste d’attente) est annulée. Si elle figurait dans votre agenda, le fichier joint l’en retire.`,
        },
        {
          kind: 'facts',
          rows: [
            ['Formation', request.trainingTitle],
            ['Date', `${date(request.startsAt)}, ${timeRange(request.startsAt, request.endsAt)}`],
            ['Lieu', request.place],
            ['Motif', request.reason],
          ],
        },
        { kind: 'action', label: 'Voir les prochaines sessions', url: link('/sessions') },
      ],
    }),
    attestation_issued: (request, { date, link }) => ({
      subject: `Votre attestation de présence${nbsp}: ${request.trainingTitle}`,
      preheader: 'Votre attestation de présence est jointe à cet e-mail.',
      heading: 'Votre attestation de présence est prête',
      blocks: [
        {
          kind: 'paragraph',
          text: `Le formateur a validé votre présence. Votre attestation est jointe au format PDF${nbsp}; ses heures sont ajoutées à votre relevé d’heures.`,
        },
        {
          kind: 'facts',
          rows: [
            ['Formation', request.trainingTitle],
            ['Heures accréditées', hoursText(request.hours)],
            ['Session du', date(request.sessionDate)],
            ['Code de vérification', groupCode(request.verificationCode)],
          ],
        },
        { kind: 'action', label: 'Vérifier l’attestation', url: link(`/verify/${request.verificationCode}`) },
      ],
    }),
    diploma_infected_alert: (request, { date, link }) => ({
      subject: 'Alerte sécurité : un diplôme infecté a été supprimé',
      preheader: 'L’antivirus a détecté un logiciel malveillant dans un diplôme déposé.',
      heading: 'Diplôme infecté détecté et supprimé',
      blocks: [
        {
          kind: 'paragraph',
          text: `L’antivirus a détecté un logiciel malveillant dans un diplôme déposé. Le fichier a été supprimé sans jamais être lisible et l’apprenant voit que son dépôt a été refusé.`,
        },
        {
          kind: 'facts',
          rows: [
            ['Diplôme', request.diplomaId],
            ['Signature', request.signature],
            ['Détecté le', date(request.detectedAt)],
          ],
        },
        {
          kind: 'paragraph',
          text: `Aucune action n’est requise. Si les dépôts infectés se répètent pour un même compte, envisagez de le désactiver.`,
        },
        { kind: 'action', label: 'Ouvrir les diplômes à vérifier', url: link(emailLinks.diplomaReview) },
      ],
    }),
    export_ready: (request, { link }) => ({
      subject: `Votre export est prêt : ${reportNames.fr[request.report]}`,
      preheader: 'Téléchargez le fichier depuis la page Rapports de SOINS+.',
      heading: 'Votre export est prêt',
      blocks: [
        {
          kind: 'paragraph',
          text:
            request.rows === 0
              ? `L’export est terminé mais ne contient aucune ligne${nbsp}: le fichier n’a que les titres des colonnes.`
              : 'L’export que vous avez demandé est terminé.',
        },
        {
          kind: 'facts',
          rows: [
            ['Rapport', reportNames.fr[request.report]],
            ...(request.subject ? [['Objet', request.subject] as const] : []),
            ['Format', request.format.toUpperCase()],
            ['Lignes', String(request.rows)],
          ],
        },
        {
          kind: 'paragraph',
          text: 'Pour protéger les données personnelles qu’il contient, le fichier se télécharge depuis la page Rapports, avec un lien valable quelques minutes, et il est supprimé automatiquement après quelques jours.',
        },
        { kind: 'action', label: 'Ouvrir la page Rapports', url: link(emailLinks.reporting) },
      ],
    }),
    erasure_scheduled: (request, { date, link }) => ({
      subject: 'Effacement de votre compte SOINS+ programmé',
      preheader: `Votre compte sera effacé le ${date(request.scheduledFor)}, sauf si vous annulez.`,
      heading: 'Effacement programmé',
      blocks: [
        {
          kind: 'paragraph',
          text: `Vous avez demandé l’effacement de votre compte et de vos données. Il aura lieu le ${date(request.scheduledFor)}${nbsp}; jusque-là, vous pouvez l’annuler depuis votre profil.`,
        },
        { kind: 'action', label: 'Annuler l’effacement', url: link(emailLinks.profile) },
        {
          kind: 'paragraph',
          text: 'Seules les factures (10 ans, obligation comptable, sans votre nom) et la vérification de vos attestations (valide ou révoquée, formation, date, sans nom) seront conservées.',
        },
        {
          kind: 'paragraph',
          text: 'Vous n’avez rien demandé ? Connectez-vous, annulez, changez votre mot de passe et écrivez-nous à privacy@soins.plus.',
        },
      ],
    }),
    erasure_completed: (_request, { link }) => ({
      subject: 'Votre compte SOINS+ a été effacé',
      preheader: 'Votre compte et vos données ont été effacés.',
      heading: 'Compte effacé',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Comme vous l’avez demandé, votre compte et vos données personnelles ont été effacés. Seules les factures (10 ans, sans votre nom) et la vérification de vos attestations (sans nom) sont conservées, comme la loi l’exige.',
        },
        { kind: 'action', label: 'Notre politique de confidentialité', url: link(emailLinks.privacyPolicy) },
        { kind: 'paragraph', text: 'Cet e-mail est le dernier que vous recevrez de SOINS+.' },
      ],
    }),
    data_export_ready: (request, { link }) => ({
      subject: 'Votre exportation de données SOINS+ est prête',
      preheader: `Téléchargez l’archive de vos données pendant 24${nbsp}heures.`,
      heading: 'Vos données sont prêtes',
      blocks: [
        {
          kind: 'paragraph',
          text: `L’archive de toutes les données que SOINS+ conserve à votre sujet est prête. Le lien ci-dessous fonctionne pendant 24${nbsp}heures, après vous être connecté·e${nbsp}; l’archive est ensuite supprimée.`,
        },
        {
          kind: 'action',
          label: 'Télécharger mes données',
          url: link(emailLinks.dataExport(request.exportId)),
        },
        {
          kind: 'paragraph',
          text: 'Vous n’avez rien demandé ? Connectez-vous et changez votre mot de passe, puis écrivez-nous à privacy@soins.plus.',
        },
      ],
    }),
    reminder: (request, tools) => frReminder(request, tools),
  },
};

const nl: LanguageCopy = {
  frame: {
    locale: 'nl-BE',
    greeting: (name) => (name ? `Beste ${name},` : 'Hallo,'),
    labelled: (label, value) => `${label}: ${value}`,
    signOff: 'Tot binnenkort,',
    team: 'Het SOINS+-team',
    linkFallback: 'Werkt de knop niet? Kopieer dan deze link in uw browser',
    footer:
      'U ontvangt deze service-e-mail omdat u een account hebt bij SOINS+, het platform voor permanente vorming voor verpleegkundigen en vroedvrouwen in België.',
  },
  templates: {
    welcome: (_request, { link }) => ({
      subject: 'Welkom bij SOINS+',
      preheader: 'Uw account is klaar: ontdek uw opleidingen op video.',
      heading: 'Welkom bij SOINS+',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Fijn dat u erbij bent! SOINS+ is het platform voor permanente vorming voor verpleegkundigen en vroedvrouwen in België.',
        },
        { kind: 'paragraph', text: 'Zo gaat u van start:' },
        {
          kind: 'list',
          items: [
            'vervolledig uw profiel en laad uw diploma op, zodat ons team het kan controleren;',
            'volg de opleidingen op video, hoofdstuk per hoofdstuk, op uw eigen tempo;',
            'slaag voor de eindquiz en ontvang uw attest per e-mail.',
          ],
        },
        { kind: 'action', label: 'Naar mijn ruimte', url: link(emailLinks.space) },
      ],
    }),
    subscription_confirmed: (request, { money, date, link }) => {
      const plan = request.plan === 'yearly' ? 'jaarabonnement' : 'maandabonnement';
      const per = request.plan === 'yearly' ? 'per jaar' : 'per maand';
      return {
        subject: 'Uw SOINS+-abonnement is bevestigd',
        preheader: `Bedankt! Uw ${plan} is actief.`,
        heading: 'Bedankt, uw abonnement is actief',
        blocks: [
          {
            kind: 'paragraph',
            text: `Bedankt voor uw vertrouwen! Uw ${plan} is bevestigd: u hebt nu toegang tot alle opleidingen in onze catalogus.`,
          },
          {
            kind: 'facts',
            rows: [
              ['Formule', capitalize(plan)],
              ['Bedrag', `${money(request.amountCents, request.currency)} ${per}`],
              ['Huidige periode loopt tot', date(request.periodEnd)],
            ],
          },
          {
            kind: 'paragraph',
            text: 'Uw abonnement wordt op die datum automatisch verlengd. U kunt het op elk moment beheren vanuit uw persoonlijke ruimte.',
          },
          { kind: 'action', label: 'Start een opleiding', url: link(emailLinks.space) },
        ],
      };
    },
    diploma_approved: (request, { link }) => ({
      subject: 'Uw diploma is goedgekeurd',
      preheader: 'Goed nieuws: uw diploma is goedgekeurd.',
      heading: 'Uw diploma is goedgekeurd',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Goed nieuws: ons team heeft het diploma dat u opgeladen hebt gecontroleerd en goedgekeurd.',
        },
        {
          kind: 'paragraph',
          text: {
            released:
              'De attesten van de opleidingen waarvoor u al geslaagd bent, ontvangt u binnen enkele minuten per e-mail; de volgende ontvangt u zodra u voor een opleiding slaagt.',
            on_next_pass:
              'Voortaan ontvangt u een attest van permanente vorming zodra u voor een opleiding slaagt.',
            profile_incomplete:
              'Vul nog uw profiel aan (voornaam en naam zoals ze op uw attesten zullen staan) om uw attesten van permanente vorming te ontvangen: de opleidingen waarvoor u intussen slaagt, worden geattesteerd zodra het volledig is.',
          }[request.certificates],
        },
        { kind: 'action', label: 'Naar mijn ruimte', url: link(emailLinks.space) },
      ],
    }),
    diploma_rejected: (request, { link }) => ({
      subject: 'Uw diploma kon niet worden goedgekeurd',
      preheader: 'Ons team heeft een nieuw document nodig om uw diploma goed te keuren.',
      heading: 'Uw diploma kon niet worden goedgekeurd',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Ons team heeft het document dat u opgeladen hebt bekeken, maar kon het helaas niet goedkeuren, om de volgende reden:',
        },
        { kind: 'quote', text: request.reason },
        {
          kind: 'paragraph',
          text: 'U kunt vanuit uw persoonlijke ruimte een nieuw document opladen: een leesbare foto of scan van het volledige diploma. We bekijken het zo snel mogelijk.',
        },
        { kind: 'action', label: 'Nieuw document opladen', url: link(emailLinks.space) },
      ],
    }),
    payment_failed: (request, { money, link }) => ({
      subject: 'Uw betaling voor SOINS+ is niet gelukt',
      preheader: 'Controleer uw betaalmethode om toegang te houden tot uw opleidingen.',
      heading: 'Uw betaling is niet gelukt',
      blocks: [
        {
          kind: 'paragraph',
          text: `We konden de betaling van ${money(request.amountCents, request.currency)} voor uw SOINS+-abonnement niet innen. Dat kan bijvoorbeeld gebeuren als uw kaart vervallen is of de limiet bereikt is.`,
        },
        {
          kind: 'paragraph',
          text: 'Om toegang te houden tot uw opleidingen, controleert u best uw betaalmethode en probeert u het opnieuw:',
        },
        { kind: 'action', label: 'Betaling regelen', url: request.retryUrl ?? link(emailLinks.space) },
        { kind: 'paragraph', text: 'Hebt u dit bedrag intussen al betaald? Dan mag u dit bericht negeren.' },
      ],
    }),
    certificate_issued: (request, { date, link }) => ({
      subject: `Uw attest: ${request.trainingTitle}`,
      preheader: 'Proficiat! Uw attest van permanente vorming zit als bijlage bij deze e-mail.',
      heading: 'Proficiat, uw attest is klaar',
      blocks: [
        {
          kind: 'paragraph',
          text: 'U bent geslaagd voor de eindquiz. Uw attest van permanente vorming zit als pdf bij deze e-mail; u vindt het ook terug in uw persoonlijke ruimte.',
        },
        {
          kind: 'facts',
          rows: [
            ['Opleiding', request.trainingTitle],
            ['Geaccrediteerde uren', hoursText(request.hours)],
            ['Geslaagd op', date(request.completedAt)],
            ['Verificatiecode', groupCode(request.verificationCode)],
          ],
        },
        {
          kind: 'paragraph',
          text: 'Iedereen aan wie u het attest voorlegt, kan met deze code nagaan of het echt is:',
        },
        { kind: 'action', label: 'Attest verifiëren', url: link(`/verify/${request.verificationCode}`) },
      ],
    }),
    session_registration: (request, { date, link }) => ({
      subject:
        request.status === 'cancelled'
          ? `Inschrijving geannuleerd: ${request.trainingTitle}`
          : request.status === 'waiting'
            ? `Wachtlijst: ${request.trainingTitle}`
            : `Inschrijving bevestigd: ${request.trainingTitle}`,
      preheader:
        request.status === 'cancelled'
          ? 'Uw inschrijving voor de sessie is geannuleerd.'
          : request.status === 'waiting'
            ? 'De sessie is volzet: u staat op de wachtlijst.'
            : 'Uw plaats is gereserveerd. Met de bijlage zet u ze in uw agenda.',
      heading:
        request.status === 'cancelled'
          ? 'Inschrijving geannuleerd'
          : request.status === 'waiting'
            ? 'U staat op de wachtlijst'
            : 'Uw plaats is gereserveerd',
      blocks: [
        {
          kind: 'paragraph',
          text:
            request.status === 'cancelled'
              ? 'Uw inschrijving is geannuleerd. De bijlage haalt de sessie uit uw agenda.'
              : request.status === 'waiting'
                ? 'De sessie is volzet. Zodra er een plaats vrijkomt, krijgt u die automatisch en ontvangt u een e-mail.'
                : 'Uw plaats is gereserveerd. Zet de sessie in uw agenda met de bijlage.',
        },
        {
          kind: 'facts',
          rows: [
            ['Opleiding', request.trainingTitle],
            ['Datum', `${date(request.startsAt)}, ${timeRange(request.startsAt, request.endsAt)}`],
            ['Plaats', request.place],
          ],
        },
        { kind: 'action', label: 'Mijn sessies', url: link('/sessions') },
      ],
    }),
    session_cancelled: (request, { date, link }) => ({
      subject: `Sessie geannuleerd: ${request.trainingTitle}`,
      preheader: 'De sessie waarvoor u ingeschreven was, is geannuleerd.',
      heading: 'De sessie is geannuleerd',
      blocks: [
        {
          kind: 'paragraph',
          text: 'De sessie waarvoor u ingeschreven was (of op de wachtlijst stond), is geannuleerd. Stond ze in uw agenda, dan haalt de bijlage ze eruit.',
        },
        {
          kind: 'facts',
          rows: [
            ['Opleiding', request.trainingTitle],
            ['Datum', `${date(request.startsAt)}, ${timeRange(request.startsAt, request.endsAt)}`],
            ['Plaats', request.place],
            ['Reden', request.reason],
          ],
        },
        { kind: 'action', label: 'Komende sessies bekijken', url: link('/sessions') },
      ],
    }),
    attestation_issued: (request, { date, link }) => ({
      subject: `Uw aanwezigheidsattest: ${request.trainingTitle}`,
      preheader: 'Uw aanwezigheidsattest zit als bijlage bij deze e-mail.',
      heading: 'Uw aanwezigheidsattest is klaar',
      blocks: [
        {
          kind: 'paragraph',
          text: 'De lesgever heeft uw aanwezigheid bevestigd. Uw attest zit als pdf bij deze e-mail; de uren staan in uw urenoverzicht.',
        },
        {
          kind: 'facts',
          rows: [
            ['Opleiding', request.trainingTitle],
            ['Geaccrediteerde uren', hoursText(request.hours)],
            ['Sessie van', date(request.sessionDate)],
            ['Verificatiecode', groupCode(request.verificationCode)],
          ],
        },
        { kind: 'action', label: 'Attest verifiëren', url: link(`/verify/${request.verificationCode}`) },
      ],
    }),
    diploma_infected_alert: (request, { date, link }) => ({
      subject: 'Beveiligingsmelding: een besmet diploma werd verwijderd',
      preheader: 'De antivirus vond malware in een opgeladen diploma.',
      heading: 'Besmet diploma gevonden en verwijderd',
      blocks: [
        {
          kind: 'paragraph',
          text: 'De antivirus vond malware in een opgeladen diploma. Het bestand werd verwijderd zonder ooit leesbaar te zijn en de cursist ziet dat de upload geweigerd is.',
        },
        {
          kind: 'facts',
          rows: [
            ['Diploma', request.diplomaId],
            ['Signatuur', request.signature],
            ['Gevonden op', date(request.detectedAt)],
          ],
        },
        {
          kind: 'paragraph',
          text: 'Er is geen actie nodig. Als één account herhaaldelijk besmette bestanden oplaadt, overweeg dan het te deactiveren.',
        },
        { kind: 'action', label: 'Diploma’s om te controleren openen', url: link(emailLinks.diplomaReview) },
      ],
    }),
    export_ready: (request, { link }) => ({
      subject: `Uw export is klaar: ${reportNames.nl[request.report]}`,
      preheader: 'Download het bestand via de pagina Rapporten van SOINS+.',
      heading: 'Uw export is klaar',
      blocks: [
        {
          kind: 'paragraph',
          text:
            request.rows === 0
              ? 'De export is klaar maar bevat geen enkele rij: het bestand heeft alleen de kolomtitels.'
              : 'De export die u hebt gevraagd, is klaar.',
        },
        {
          kind: 'facts',
          rows: [
            ['Rapport', reportNames.nl[request.report]],
            ...(request.subject ? [['Onderwerp', request.subject] as const] : []),
            ['Formaat', request.format.toUpperCase()],
            ['Rijen', String(request.rows)],
          ],
        },
        {
          kind: 'paragraph',
          text: 'Om de persoonsgegevens erin te beschermen, downloadt u het bestand via de pagina Rapporten, met een link die enkele minuten geldig is; het wordt na enkele dagen automatisch verwijderd.',
        },
        { kind: 'action', label: 'Pagina Rapporten openen', url: link(emailLinks.reporting) },
      ],
    }),
    erasure_scheduled: (request, { date, link }) => ({
      subject: 'Wissing van uw SOINS+-account gepland',
      preheader: `Uw account wordt gewist op ${date(request.scheduledFor)}, tenzij u annuleert.`,
      heading: 'Wissing gepland',
      blocks: [
        {
          kind: 'paragraph',
          text: `U hebt gevraagd uw account en uw gegevens te wissen. Dat gebeurt op ${date(request.scheduledFor)}; tot dan kunt u het annuleren vanuit uw profiel.`,
        },
        { kind: 'action', label: 'De wissing annuleren', url: link(emailLinks.profile) },
        {
          kind: 'paragraph',
          text: 'Alleen de facturen (10 jaar, boekhoudkundige verplichting, zonder uw naam) en de verificatie van uw attesten (geldig of ingetrokken, opleiding, datum, zonder naam) worden bewaard.',
        },
        {
          kind: 'paragraph',
          text: 'Hebt u niets gevraagd? Meld u aan, annuleer, wijzig uw wachtwoord en schrijf ons op privacy@soins.plus.',
        },
      ],
    }),
    erasure_completed: (_request, { link }) => ({
      subject: 'Uw SOINS+-account is gewist',
      preheader: 'Uw account en uw gegevens zijn gewist.',
      heading: 'Account gewist',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Zoals u hebt gevraagd, zijn uw account en uw persoonsgegevens gewist. Alleen de facturen (10 jaar, zonder uw naam) en de verificatie van uw attesten (zonder naam) worden bewaard, zoals de wet vereist.',
        },
        { kind: 'action', label: 'Ons privacybeleid', url: link(emailLinks.privacyPolicy) },
        { kind: 'paragraph', text: 'Dit is de laatste e-mail die u van SOINS+ ontvangt.' },
      ],
    }),
    data_export_ready: (request, { link }) => ({
      subject: 'Uw export van SOINS+-gegevens staat klaar',
      preheader: 'Download het archief met uw gegevens binnen 24 uur.',
      heading: 'Uw gegevens staan klaar',
      blocks: [
        {
          kind: 'paragraph',
          text: 'Het archief met alle gegevens die SOINS+ over u bewaart, staat klaar. De link hieronder werkt 24 uur, nadat u zich hebt aangemeld; daarna wordt het archief gewist.',
        },
        {
          kind: 'action',
          label: 'Mijn gegevens downloaden',
          url: link(emailLinks.dataExport(request.exportId)),
        },
        {
          kind: 'paragraph',
          text: 'Hebt u niets gevraagd? Meld u aan, wijzig uw wachtwoord en schrijf ons op privacy@soins.plus.',
        },
      ],
    }),
    reminder: (request, tools) => nlReminder(request, tools),
  },
};

/** Dutch for nl, French for everyone else (de and en fall back to French for now). */
export function copyFor(language: Language): LanguageCopy {
  return language === 'nl' ? nl : fr;
}

/** Hours with a decimal comma (fr-BE and nl-BE alike), e.g. "1,5 h". */
function hoursText(hours: number): string {
  return `${String(Math.round(hours * 100) / 100).replace('.', ',')}${nbsp}h`;
}

/** Start and end times in Brussels, e.g. "09:00–12:30". */
function timeRange(startsAt: string, endsAt: string): string {
  const time = new Intl.DateTimeFormat('fr-BE', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/Brussels',
  });
  return `${time.format(new Date(startsAt))}–${time.format(new Date(endsAt))}`;
}

/** Verification codes are printed in groups of four for reading aloud. */
function groupCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

type ReminderRequest = Extract<EmailRequest, { template: 'reminder' }>;

const obligationNames = {
  fr: {
    nurse_inami_annual: 'obligation annuelle INAMI des soins infirmiers à domicile',
    nurse_specialist: 'maintien de votre titre professionnel particulier',
    midwife: 'obligation de formation continue des sages-femmes',
  },
  nl: {
    nurse_inami_annual: 'jaarlijkse RIZIV-verplichting voor thuisverpleging',
    nurse_specialist: 'behoud van uw bijzondere beroepstitel',
    midwife: 'permanente-vormingsverplichting van vroedvrouwen',
  },
} as const;

/** Calendar date (YYYY-MM-DD) as noon UTC, so the Brussels date formatter shows that same day. */
const calendarDay = (date: string): string => `${date}T12:00:00.000Z`;

function frReminder(request: ReminderRequest, { date, link }: CopyTools): EmailContent {
  const r = request.reminder;
  const unsubscribe: EmailBlock = {
    kind: 'unsubscribe',
    text: `Vous ne souhaitez plus recevoir ce type de rappel${nbsp}? Vous pouvez aussi les régler depuis votre profil.`,
    label: 'Se désinscrire',
    url: link(emailLinks.unsubscribe(request.unsubscribeToken)),
  };
  switch (r.kind) {
    case 'idle_training':
      return {
        subject: `Reprenez votre formation${nbsp}: ${r.trainingTitle.fr}`,
        preheader: 'Votre formation vous attend là où vous l’avez laissée.',
        heading: 'Votre formation vous attend',
        blocks: [
          {
            kind: 'paragraph',
            text: `Vous avez commencé «${nbsp}${r.trainingTitle.fr}${nbsp}» et n’y êtes plus revenu·e depuis le ${date(r.lastActivityAt)}. Reprenez là où vous vous êtes arrêté·e${nbsp}: quelques minutes suffisent.`,
          },
          { kind: 'action', label: 'Reprendre la formation', url: link(emailLinks.training(r.trainingId)) },
          unsubscribe,
        ],
      };
    case 'session_tomorrow':
      return {
        subject: `Demain${nbsp}: ${r.trainingTitle.fr}`,
        preheader: `Votre session en présentiel a lieu demain, ${timeRange(r.startsAt, r.endsAt)}.`,
        heading: 'Votre session a lieu demain',
        blocks: [
          {
            kind: 'paragraph',
            text: `Petit rappel${nbsp}: vous êtes inscrit·e à cette session en présentiel.`,
          },
          {
            kind: 'facts',
            rows: [
              ['Formation', r.trainingTitle.fr],
              ['Date', `${date(r.startsAt)}, ${timeRange(r.startsAt, r.endsAt)}`],
              ['Lieu', r.place],
            ],
          },
          { kind: 'action', label: 'Mes sessions', url: link(emailLinks.sessions) },
          unsubscribe,
        ],
      };
    case 'payment_failed':
      return {
        subject: 'Rappel : votre paiement SOINS+ est toujours en attente',
        preheader: `Sans paiement, votre accès aux formations se termine le ${date(r.accessEndsAt)}.`,
        heading: 'Votre paiement est toujours en attente',
        blocks: [
          {
            kind: 'paragraph',
            text: `Le renouvellement de votre abonnement n’a pas pu être encaissé. Sans paiement, votre accès aux formations se termine le ${date(r.accessEndsAt)}. Vérifiez votre moyen de paiement pour le garder.`,
          },
          { kind: 'action', label: 'Gérer mon abonnement', url: link(emailLinks.subscription) },
          unsubscribe,
        ],
      };
    case 'subscription_ending':
      return {
        subject: 'Votre abonnement SOINS+ se termine bientôt',
        preheader: `Votre accès aux formations se termine le ${date(r.endsAt)}.`,
        heading: 'Votre abonnement se termine bientôt',
        blocks: [
          {
            kind: 'paragraph',
            text: `Vous avez résilié votre abonnement${nbsp}: votre accès aux formations se termine le ${date(r.endsAt)}. Vos attestations restent disponibles. Vous pouvez reprendre votre abonnement à tout moment.`,
          },
          { kind: 'action', label: 'Gérer mon abonnement', url: link(emailLinks.subscription) },
          unsubscribe,
        ],
      };
    case 'hours_short':
      return {
        subject: 'Vos heures de formation continue : la période se termine bientôt',
        preheader: `Il vous manque des heures avant le ${date(calendarDay(r.periodEndsOn))}.`,
        heading: 'Il vous manque des heures de formation',
        blocks: [
          {
            kind: 'paragraph',
            text: `Pour votre ${obligationNames.fr[r.obligation]}, la période se termine le ${date(calendarDay(r.periodEndsOn))}.`,
          },
          {
            kind: 'facts',
            rows: [
              ['Heures accréditées', hoursText(r.hours)],
              ['Heures requises', hoursText(r.requiredHours)],
              ['Il reste à suivre', hoursText(Math.max(0, r.requiredHours - r.hours))],
            ],
          },
          { kind: 'action', label: 'Voir mes heures', url: link(emailLinks.hours) },
          unsubscribe,
        ],
      };
  }
}

function nlReminder(request: ReminderRequest, { date, link }: CopyTools): EmailContent {
  const r = request.reminder;
  const unsubscribe: EmailBlock = {
    kind: 'unsubscribe',
    text: 'Wilt u dit soort herinneringen niet meer ontvangen? U kunt ze ook in uw profiel instellen.',
    label: 'Afmelden',
    url: link(emailLinks.unsubscribe(request.unsubscribeToken)),
  };
  switch (r.kind) {
    case 'idle_training':
      return {
        subject: `Ga verder met uw opleiding: ${r.trainingTitle.nl}`,
        preheader: 'Uw opleiding wacht op u, waar u ze liet.',
        heading: 'Uw opleiding wacht op u',
        blocks: [
          {
            kind: 'paragraph',
            text: `U bent begonnen aan ‘${r.trainingTitle.nl}’ en bent er sinds ${date(r.lastActivityAt)} niet meer naar teruggekeerd. Ga verder waar u gebleven was: enkele minuten volstaan.`,
          },
          { kind: 'action', label: 'Verder met de opleiding', url: link(emailLinks.training(r.trainingId)) },
          unsubscribe,
        ],
      };
    case 'session_tomorrow':
      return {
        subject: `Morgen: ${r.trainingTitle.nl}`,
        preheader: `Uw sessie ter plaatse vindt morgen plaats, ${timeRange(r.startsAt, r.endsAt)}.`,
        heading: 'Uw sessie vindt morgen plaats',
        blocks: [
          {
            kind: 'paragraph',
            text: 'Een korte herinnering: u bent ingeschreven voor deze sessie ter plaatse.',
          },
          {
            kind: 'facts',
            rows: [
              ['Opleiding', r.trainingTitle.nl],
              ['Datum', `${date(r.startsAt)}, ${timeRange(r.startsAt, r.endsAt)}`],
              ['Plaats', r.place],
            ],
          },
          { kind: 'action', label: 'Mijn sessies', url: link(emailLinks.sessions) },
          unsubscribe,
        ],
      };
    case 'payment_failed':
      return {
        subject: 'Herinnering: uw SOINS+-betaling staat nog open',
        preheader: `Zonder betaling eindigt uw toegang tot de opleidingen op ${date(r.accessEndsAt)}.`,
        heading: 'Uw betaling staat nog open',
        blocks: [
          {
            kind: 'paragraph',
            text: `De verlenging van uw abonnement kon niet worden geïnd. Zonder betaling eindigt uw toegang tot de opleidingen op ${date(r.accessEndsAt)}. Controleer uw betaalmiddel om ze te behouden.`,
          },
          { kind: 'action', label: 'Mijn abonnement beheren', url: link(emailLinks.subscription) },
          unsubscribe,
        ],
      };
    case 'subscription_ending':
      return {
        subject: 'Uw SOINS+-abonnement eindigt binnenkort',
        preheader: `Uw toegang tot de opleidingen eindigt op ${date(r.endsAt)}.`,
        heading: 'Uw abonnement eindigt binnenkort',
        blocks: [
          {
            kind: 'paragraph',
            text: `U hebt uw abonnement opgezegd: uw toegang tot de opleidingen eindigt op ${date(r.endsAt)}. Uw attesten blijven beschikbaar. U kunt uw abonnement op elk moment hervatten.`,
          },
          { kind: 'action', label: 'Mijn abonnement beheren', url: link(emailLinks.subscription) },
          unsubscribe,
        ],
      };
    case 'hours_short':
      return {
        subject: 'Uw uren permanente vorming: de periode eindigt binnenkort',
        preheader: `U komt nog uren tekort vóór ${date(calendarDay(r.periodEndsOn))}.`,
        heading: 'U komt nog opleidingsuren tekort',
        blocks: [
          {
            kind: 'paragraph',
            text: `Voor uw ${obligationNames.nl[r.obligation]} eindigt de periode op ${date(calendarDay(r.periodEndsOn))}.`,
          },
          {
            kind: 'facts',
            rows: [
              ['Geaccrediteerde uren', hoursText(r.hours)],
              ['Vereiste uren', hoursText(r.requiredHours)],
              ['Nog te volgen', hoursText(Math.max(0, r.requiredHours - r.hours))],
            ],
          },
          { kind: 'action', label: 'Mijn uren bekijken', url: link(emailLinks.hours) },
          unsubscribe,
        ],
      };
  }
}
