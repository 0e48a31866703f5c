// Demo training 1: hand hygiene (WHO "5 moments"), French and Dutch, completion by 90 % watched.
import { bothVideos, type SeedTraining } from './types';

const id = 'hand-hygiene';

export const handHygiene: SeedTraining = {
  id,
  content: {
    languages: ['fr', 'nl'],
    title: {
      fr: 'Hygiène des mains et prévention des infections',
      nl: 'Handhygiëne en infectiepreventie',
    },
    summary: {
      fr: "Les 5 moments de l'OMS, la friction hydro-alcoolique pas à pas et les conditions d'une hygiène des mains efficace au chevet du patient.",
      nl: 'De 5 momenten van de WHO, handalcohol stap voor stap en de voorwaarden voor doeltreffende handhygiëne aan het bed van de patiënt.',
    },
    professions: ['nurse', 'midwife'],
    accreditedHours: 1.5,
    organiser: 'SOINS+ Academy',
    free: true,
    completionRule: { kind: 'watched', percent: 90 },
    // Durations are the clips' own (ffprobe), checked by local/seed/seed-trainings.test.ts.
    chapters: [
      {
        id: 'why-hand-hygiene',
        title: { fr: "Pourquoi l'hygiène des mains ?", nl: 'Waarom handhygiëne?' },
        durationSeconds: 6,
        video: bothVideos(id, 'why-hand-hygiene'),
      },
      {
        id: 'five-moments',
        title: { fr: "Les 5 moments de l'OMS", nl: 'De 5 momenten van de WHO' },
        durationSeconds: 7,
        video: bothVideos(id, 'five-moments'),
      },
      {
        id: 'hand-rub-technique',
        title: { fr: 'La friction hydro-alcoolique', nl: 'Handen ontsmetten met alcohol' },
        durationSeconds: 5,
        video: bothVideos(id, 'hand-rub-technique'),
      },
    ],
    quiz: {
      questionsPerAttempt: 5,
      passPercent: 80,
      maxAttempts: 3,
      waitMinutesBetweenAttempts: 1,
      timeLimitMinutes: 15,
    },
  },
  questions: [
    {
      id: 'moments-list',
      type: 'multiple',
      prompt: {
        fr: "Lesquels font partie des 5 moments de l'hygiène des mains de l'OMS ?",
        nl: 'Welke behoren tot de 5 momenten voor handhygiëne van de WHO?',
      },
      options: [
        {
          id: 'a',
          text: { fr: 'Avant de toucher un patient', nl: 'Vóór contact met een patiënt' },
          correct: true,
        },
        {
          id: 'b',
          text: {
            fr: "Après avoir touché l'environnement du patient",
            nl: 'Na contact met de omgeving van de patiënt',
          },
          correct: true,
        },
        {
          id: 'c',
          text: {
            fr: 'Après un risque d’exposition aux liquides biologiques',
            nl: 'Na risico op blootstelling aan lichaamsvochten',
          },
          correct: true,
        },
        {
          id: 'd',
          text: {
            fr: "En entrant dans le bâtiment de l'hôpital",
            nl: 'Bij het binnenkomen van het ziekenhuisgebouw',
          },
          correct: false,
        },
      ],
      explanation: {
        fr: "Les 5 moments : avant le contact patient, avant un geste propre ou aseptique, après un risque d'exposition aux liquides biologiques, après le contact patient et après le contact avec son environnement.",
        nl: 'De 5 momenten: vóór patiëntcontact, vóór een schone of aseptische handeling, na risico op blootstelling aan lichaamsvochten, na patiëntcontact en na contact met de omgeving van de patiënt.',
      },
    },
    {
      id: 'aseptic-moment',
      type: 'single',
      prompt: {
        fr: 'Le moment « avant un geste propre ou aseptique » s’applique notamment :',
        nl: 'Het moment "vóór een schone of aseptische handeling" geldt onder meer:',
      },
      options: [
        {
          id: 'a',
          text: { fr: 'Avant de poser une sonde urinaire', nl: 'Vóór het plaatsen van een blaassonde' },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'Avant de prendre la tension artérielle', nl: 'Vóór het meten van de bloeddruk' },
          correct: false,
        },
        {
          id: 'c',
          text: { fr: 'Avant de serrer la main du patient', nl: 'Vóór het handen schudden met de patiënt' },
          correct: false,
        },
        {
          id: 'd',
          text: { fr: 'Avant de faire un lit vide', nl: 'Vóór het opmaken van een leeg bed' },
          correct: false,
        },
      ],
      explanation: {
        fr: "La pose d'une sonde urinaire est un geste aseptique : l'hygiène des mains protège le patient des germes, y compris les siens.",
        nl: 'Het plaatsen van een blaassonde is een aseptische handeling: handhygiëne beschermt de patiënt tegen kiemen, ook tegen zijn eigen kiemen.',
      },
    },
    {
      id: 'rub-duration',
      type: 'single',
      prompt: {
        fr: 'Combien de temps dure une friction hydro-alcoolique correcte ?',
        nl: 'Hoe lang duurt een correcte handontsmetting met handalcohol?',
      },
      options: [
        { id: 'a', text: { fr: '5 secondes', nl: '5 seconden' }, correct: false },
        {
          id: 'b',
          text: {
            fr: '20 à 30 secondes, jusqu’à ce que les mains soient sèches',
            nl: '20 tot 30 seconden, tot de handen droog zijn',
          },
          correct: true,
        },
        { id: 'c', text: { fr: '2 minutes', nl: '2 minuten' }, correct: false },
        {
          id: 'd',
          text: {
            fr: 'Aussi longtemps qu’un lavage au savon (40 à 60 secondes)',
            nl: 'Even lang als handen wassen met zeep (40 tot 60 seconden)',
          },
          correct: false,
        },
      ],
      explanation: {
        fr: "L'OMS recommande 20 à 30 secondes de friction, en couvrant toutes les surfaces des mains, jusqu'à séchage complet.",
        nl: 'De WHO raadt 20 tot 30 seconden wrijven aan, over alle oppervlakken van de handen, tot ze volledig droog zijn.',
      },
    },
    {
      id: 'soap-and-water',
      type: 'multiple',
      prompt: {
        fr: 'Dans quelles situations faut-il laver les mains à l’eau et au savon plutôt que d’utiliser la solution hydro-alcoolique ?',
        nl: 'In welke situaties was je de handen met water en zeep in plaats van handalcohol te gebruiken?',
      },
      options: [
        { id: 'a', text: { fr: 'Mains visiblement souillées', nl: 'Zichtbaar vuile handen' }, correct: true },
        {
          id: 'b',
          text: {
            fr: 'Après les soins à un patient avec une diarrhée à Clostridioides difficile',
            nl: 'Na de zorg voor een patiënt met Clostridioides difficile-diarree',
          },
          correct: true,
        },
        {
          id: 'c',
          text: { fr: 'Après avoir touché une peau saine', nl: 'Na contact met een intacte huid' },
          correct: false,
        },
        {
          id: 'd',
          text: {
            fr: 'Avant d’enfiler des gants non stériles',
            nl: 'Vóór het aantrekken van niet-steriele handschoenen',
          },
          correct: false,
        },
      ],
      explanation: {
        fr: "L'alcool ne nettoie pas une souillure visible et n'inactive pas les spores de C. difficile : le lavage mécanique les élimine.",
        nl: 'Alcohol reinigt geen zichtbaar vuil en maakt sporen van C. difficile niet onschadelijk: wassen verwijdert ze mechanisch.',
      },
    },
    {
      id: 'gloves',
      type: 'single',
      prompt: {
        fr: 'Le port de gants remplace-t-il l’hygiène des mains ?',
        nl: 'Vervangt het dragen van handschoenen de handhygiëne?',
      },
      options: [
        {
          id: 'a',
          text: {
            fr: 'Non : hygiène des mains avant de les enfiler (si geste aseptique) et après les avoir retirés',
            nl: 'Nee: handhygiëne vóór het aantrekken (bij een aseptische handeling) en na het uittrekken',
          },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'Oui, si les gants sont stériles', nl: 'Ja, als de handschoenen steriel zijn' },
          correct: false,
        },
        {
          id: 'c',
          text: {
            fr: 'Oui, si on change de gants entre deux patients',
            nl: 'Ja, als je tussen twee patiënten van handschoenen wisselt',
          },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Les gants peuvent présenter des micro-perforations et les mains se contaminent au retrait : la friction reste nécessaire.',
        nl: 'Handschoenen kunnen microscopische gaatjes hebben en de handen raken besmet bij het uittrekken: handontsmetting blijft nodig.',
      },
    },
    {
      id: 'bare-below-elbows',
      type: 'multiple',
      prompt: {
        fr: 'Quelles conditions sont nécessaires à une hygiène des mains efficace ?',
        nl: 'Welke voorwaarden zijn nodig voor doeltreffende handhygiëne?',
      },
      options: [
        {
          id: 'a',
          text: {
            fr: 'Ongles courts et naturels, sans vernis',
            nl: 'Korte, natuurlijke nagels zonder nagellak',
          },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'Pas de bagues, montre ni bracelet', nl: 'Geen ringen, uurwerk of armbanden' },
          correct: true,
        },
        {
          id: 'c',
          text: {
            fr: 'Manches courtes ou relevées (avant-bras dégagés)',
            nl: 'Korte of opgerolde mouwen (vrije onderarmen)',
          },
          correct: true,
        },
        {
          id: 'd',
          text: { fr: 'Faux ongles bien entretenus', nl: 'Goed onderhouden kunstnagels' },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Bijoux, faux ongles et manches longues hébergent des germes et empêchent la solution d’atteindre toute la peau.',
        nl: 'Juwelen, kunstnagels en lange mouwen herbergen kiemen en verhinderen dat de handalcohol de hele huid bereikt.',
      },
    },
    {
      id: 'product-amount',
      type: 'single',
      prompt: {
        fr: 'Quelle quantité de solution hydro-alcoolique faut-il utiliser ?',
        nl: 'Hoeveel handalcohol moet je gebruiken?',
      },
      options: [
        {
          id: 'a',
          text: { fr: 'Quelques gouttes au creux de la main', nl: 'Enkele druppels in de handpalm' },
          correct: false,
        },
        {
          id: 'b',
          text: {
            fr: 'Assez pour couvrir toutes les surfaces des deux mains (environ 3 mL, une paume pleine)',
            nl: 'Genoeg om alle oppervlakken van beide handen te bedekken (ongeveer 3 ml, een volle handpalm)',
          },
          correct: true,
        },
        {
          id: 'c',
          text: { fr: 'Une dose, puis de l’eau pour rincer', nl: 'Eén dosis, daarna spoelen met water' },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Une quantité insuffisante sèche avant 20 secondes et laisse des zones non désinfectées (pouces, bouts des doigts).',
        nl: 'Te weinig product droogt vóór 20 seconden op en laat zones onontsmet (duimen, vingertoppen).',
      },
    },
    {
      id: 'alcohol-resistant',
      type: 'single',
      prompt: {
        fr: 'Quel micro-organisme est peu sensible à la solution hydro-alcoolique ?',
        nl: 'Welk micro-organisme is weinig gevoelig voor handalcohol?',
      },
      options: [
        {
          id: 'a',
          text: { fr: 'Les spores de Clostridioides difficile', nl: 'Sporen van Clostridioides difficile' },
          correct: true,
        },
        {
          id: 'b',
          text: {
            fr: 'Le staphylocoque doré résistant (MRSA)',
            nl: 'Resistente Staphylococcus aureus (MRSA)',
          },
          correct: false,
        },
        { id: 'c', text: { fr: 'Le virus de la grippe', nl: 'Het griepvirus' }, correct: false },
        { id: 'd', text: { fr: 'Escherichia coli', nl: 'Escherichia coli' }, correct: false },
      ],
      explanation: {
        fr: 'Les spores résistent à l’alcool ; MRSA, E. coli et les virus enveloppés comme la grippe y sont sensibles.',
        nl: 'Sporen zijn bestand tegen alcohol; MRSA, E. coli en omhulde virussen zoals griep zijn er gevoelig voor.',
      },
    },
    {
      id: 'nails-jewellery',
      type: 'single',
      prompt: {
        fr: 'Que faut-il retirer avant les soins pour une hygiène des mains efficace ?',
        nl: 'Wat moet u vóór de zorg verwijderen voor doeltreffende handhygiëne?',
      },
      options: [
        {
          id: 'a',
          text: {
            fr: 'Les bagues, la montre et les bracelets',
            nl: 'Ringen, horloge en armbanden',
          },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'Rien, si on porte des gants', nl: 'Niets, als men handschoenen draagt' },
          correct: false,
        },
        { id: 'c', text: { fr: 'Seulement la montre', nl: 'Alleen het horloge' }, correct: false },
      ],
      explanation: {
        fr: 'Bijoux et montre empêchent la friction de toutes les surfaces et abritent des germes.',
        nl: 'Juwelen en horloge verhinderen het inwrijven van alle oppervlakken en herbergen kiemen.',
      },
    },
    {
      id: 'after-gloves',
      type: 'single',
      prompt: {
        fr: 'Après avoir retiré des gants de soins, que faites-vous ?',
        nl: 'Wat doet u na het uittrekken van onderzoekshandschoenen?',
      },
      options: [
        {
          id: 'a',
          text: { fr: 'Une friction hydro-alcoolique', nl: 'Handen ontsmetten met handalcohol' },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'Rien, les mains sont restées propres', nl: 'Niets, de handen bleven proper' },
          correct: false,
        },
        {
          id: 'c',
          text: {
            fr: 'Remettre les mêmes gants plus tard',
            nl: 'Later dezelfde handschoenen opnieuw aantrekken',
          },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Les gants ont des micro-perforations et les mains se contaminent en les retirant.',
        nl: 'Handschoenen hebben microperforaties en de handen raken besmet bij het uittrekken.',
      },
    },
  ],
};
