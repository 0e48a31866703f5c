// The first versions of the terms of use and the privacy policy, so a fresh local runtime asks users to
// accept something real. In Azure, admins publish these from the admin space.
import type { LegalContent, LegalDocumentType } from '@soins/shared';
import type { AcceptanceRepository, LegalRepository } from '../../api/src/domain/legal';

const initial: Record<LegalDocumentType, LegalContent> = {
  terms: {
    fr: {
      title: "Conditions d'utilisation de SOINS+",
      body: [
        'SOINS+ propose des formations continues en ligne et en présentiel aux infirmiers et infirmières et aux sages-femmes exerçant en Belgique.',
        'Votre compte est personnel. Vous vous engagez à fournir des informations exactes, notamment votre diplôme et, le cas échéant, votre numéro INAMI.',
        "Les attestations et certificats sont délivrés au nom du titulaire du compte qui a suivi la formation et réussi l'évaluation finale.",
        "L'abonnement est mensuel ou annuel, payable par carte via Stripe, et résiliable à tout moment avec effet à la fin de la période en cours.",
      ].join('\n\n'),
    },
    nl: {
      title: 'Gebruiksvoorwaarden van SOINS+',
      body: [
        'SOINS+ biedt online en klassikale permanente vorming aan voor verpleegkundigen en vroedvrouwen die in België werken.',
        'Uw account is persoonlijk. U verbindt zich ertoe juiste gegevens te verstrekken, in het bijzonder uw diploma en, indien van toepassing, uw RIZIV-nummer.',
        'Attesten en certificaten worden uitgereikt op naam van de accounthouder die de opleiding volgde en voor de eindtoets slaagde.',
        'Het abonnement is maandelijks of jaarlijks, betaalbaar met kaart via Stripe, en op elk moment opzegbaar met ingang aan het einde van de lopende periode.',
      ].join('\n\n'),
    },
  },
  privacy: {
    fr: {
      title: 'Politique de confidentialité',
      body: [
        'Nous traitons vos données (identité, diplôme, numéro INAMI, progression, résultats et paiements) pour vous donner accès aux formations et délivrer vos certificats.',
        'Votre numéro INAMI est chiffré. Vos diplômes sont analysés contre les logiciels malveillants et consultés uniquement par nos administrateurs.',
        'Vous pouvez exporter vos données et demander leur effacement depuis votre profil, sous réserve des pièces que la loi nous impose de conserver (factures : 10 ans).',
      ].join('\n\n'),
    },
    nl: {
      title: 'Privacybeleid',
      body: [
        'Wij verwerken uw gegevens (identiteit, diploma, RIZIV-nummer, voortgang, resultaten en betalingen) om u toegang te geven tot de opleidingen en uw certificaten uit te reiken.',
        'Uw RIZIV-nummer wordt versleuteld. Uw diploma’s worden op malware gescand en enkel door onze beheerders ingekeken.',
        'U kunt uw gegevens exporteren en de verwijdering ervan vragen via uw profiel, behalve de stukken die wij wettelijk moeten bewaren (facturen: 10 jaar).',
      ].join('\n\n'),
    },
  },
};

/** Publishes version 1 of each document when nothing is published yet. */
export async function seedLegalDocuments(legal: LegalRepository): Promise<number> {
  let published = 0;
  for (const [type, content] of Object.entries(initial) as [LegalDocumentType, LegalContent][]) {
    if (await legal.current(type)) continue;
    const ok = await legal.publish({
      type,
      version: 1,
      publishedAt: new Date().toISOString(),
      content,
      publishedBy: 'seed',
    });
    if (ok) published++;
  }
  return published;
}

/** The demo accounts have already accepted the current documents, so they land in their spaces at once. */
export async function acceptCurrentDocuments(
  deps: { legal: LegalRepository; acceptances: AcceptanceRepository },
  userIds: readonly string[],
): Promise<void> {
  for (const type of Object.keys(initial) as LegalDocumentType[]) {
    const current = await deps.legal.current(type);
    if (!current) continue;
    for (const userId of userIds) {
      await deps.acceptances.record({
        userId,
        type,
        version: current.version,
        acceptedAt: new Date().toISOString(),
      });
    }
  }
}
