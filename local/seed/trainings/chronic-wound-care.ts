// Demo training 2: chronic wound care, French and Dutch, completion when each chapter is opened; its first
// chapter is a free preview.
import { bothVideos, type SeedTraining } from './types';

const id = 'chronic-wound-care';

export const chronicWoundCare: SeedTraining = {
  id,
  content: {
    languages: ['fr', 'nl'],
    title: { fr: 'Soins de plaies chroniques', nl: 'Zorg voor chronische wonden' },
    summary: {
      fr: "Évaluer une plaie chronique, choisir le pansement adapté à l'exsudat et au lit de la plaie, reconnaître l'infection et prévenir les escarres.",
      nl: 'Een chronische wonde beoordelen, het verband kiezen volgens exsudaat en wondbed, infectie herkennen en decubitus voorkomen.',
    },
    professions: ['nurse'],
    accreditedHours: 2,
    organiser: 'SOINS+ Academy',
    free: false,
    completionRule: { kind: 'launch' },
    // Durations are the clips' own (ffprobe), checked by local/seed/seed-trainings.test.ts.
    chapters: [
      {
        id: 'wound-assessment',
        title: { fr: 'Évaluer une plaie chronique', nl: 'Een chronische wonde beoordelen' },
        durationSeconds: 8,
        video: bothVideos(id, 'wound-assessment'),
        // The free preview visitors may watch from the public training page before signing up.
        preview: true,
      },
      {
        id: 'dressing-choice',
        title: { fr: 'Choisir le pansement', nl: 'Het juiste verband kiezen' },
        durationSeconds: 6,
        video: bothVideos(id, 'dressing-choice'),
      },
      {
        id: 'pressure-ulcer-prevention',
        title: { fr: 'Prévenir les escarres', nl: 'Doorligwonden voorkomen' },
        durationSeconds: 4,
        video: bothVideos(id, 'pressure-ulcer-prevention'),
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
      id: 'chronic-definition',
      type: 'single',
      prompt: {
        fr: 'On parle généralement de plaie chronique lorsqu’une plaie ne progresse pas vers la guérison après :',
        nl: 'Men spreekt doorgaans van een chronische wonde als een wonde niet evolueert naar genezing na:',
      },
      options: [
        { id: 'a', text: { fr: '3 jours', nl: '3 dagen' }, correct: false },
        { id: 'b', text: { fr: '4 à 6 semaines', nl: '4 tot 6 weken' }, correct: true },
        { id: 'c', text: { fr: '6 mois', nl: '6 maanden' }, correct: false },
        { id: 'd', text: { fr: '1 an', nl: '1 jaar' }, correct: false },
      ],
      explanation: {
        fr: 'Une plaie qui ne progresse pas en 4 à 6 semaines malgré des soins adaptés doit faire rechercher une cause (insuffisance veineuse ou artérielle, diabète, pression…).',
        nl: 'Een wonde die na 4 tot 6 weken ondanks gepaste zorg niet evolueert, vraagt om een zoektocht naar de oorzaak (veneuze of arteriële insufficiëntie, diabetes, druk…).',
      },
    },
    {
      id: 'assessment-elements',
      type: 'multiple',
      prompt: {
        fr: 'Quels éléments font partie de l’évaluation d’une plaie ?',
        nl: 'Welke elementen horen bij het beoordelen van een wonde?',
      },
      options: [
        {
          id: 'a',
          text: {
            fr: 'Dimensions (longueur, largeur, profondeur)',
            nl: 'Afmetingen (lengte, breedte, diepte)',
          },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'Type de tissu du lit de la plaie', nl: 'Soort weefsel in het wondbed' },
          correct: true,
        },
        {
          id: 'c',
          text: { fr: 'Quantité et aspect de l’exsudat', nl: 'Hoeveelheid en aspect van het exsudaat' },
          correct: true,
        },
        {
          id: 'd',
          text: { fr: 'Groupe sanguin du patient', nl: 'Bloedgroep van de patiënt' },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Mesures, tissu, exsudat, berges et peau péri-lésionnelle, douleur et signes d’infection : documentés à chaque évaluation pour suivre l’évolution.',
        nl: 'Afmetingen, weefsel, exsudaat, wondranden en omliggende huid, pijn en tekenen van infectie: bij elke beoordeling genoteerd om de evolutie op te volgen.',
      },
    },
    {
      id: 'red-wound-bed',
      type: 'single',
      prompt: {
        fr: 'Dans la classification par couleur, un lit de plaie rouge et granuleux correspond à :',
        nl: 'In de kleurenclassificatie wijst een rood, korrelig wondbed op:',
      },
      options: [
        { id: 'a', text: { fr: 'Du tissu de granulation', nl: 'Granulatieweefsel' }, correct: true },
        { id: 'b', text: { fr: 'De la nécrose', nl: 'Necrose' }, correct: false },
        { id: 'c', text: { fr: 'De la fibrine', nl: 'Fibrine' }, correct: false },
      ],
      explanation: {
        fr: 'Noir = nécrose, jaune = fibrine, rouge = granulation, rose = épithélialisation. Un tissu de granulation sain se protège, il ne se déterge pas.',
        nl: 'Zwart = necrose, geel = fibrine, rood = granulatie, roze = epithelialisatie. Gezond granulatieweefsel bescherm je, je debrideert het niet.',
      },
    },
    {
      id: 'exuding-dressing',
      type: 'single',
      prompt: {
        fr: 'Quel pansement convient le mieux à une plaie très exsudative ?',
        nl: 'Welk verband past het best bij een sterk exsuderende wonde?',
      },
      options: [
        {
          id: 'a',
          text: { fr: 'Un alginate ou une hydrofibre', nl: 'Een alginaat of hydrofiber' },
          correct: true,
        },
        { id: 'b', text: { fr: 'Un film transparent', nl: 'Een transparante film' }, correct: false },
        { id: 'c', text: { fr: 'Un hydrogel', nl: 'Een hydrogel' }, correct: false },
        {
          id: 'd',
          text: {
            fr: 'Une compresse sèche collée à la plaie',
            nl: 'Een droog kompres dat aan de wonde kleeft',
          },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Alginates et hydrofibres absorbent beaucoup d’exsudat ; films et hydrogels conviennent aux plaies sèches ou peu exsudatives.',
        nl: 'Alginaten en hydrofibers nemen veel exsudaat op; films en hydrogels zijn voor droge of weinig exsuderende wonden.',
      },
    },
    {
      id: 'infection-signs',
      type: 'multiple',
      prompt: {
        fr: 'Quels signes évoquent une infection locale de la plaie ?',
        nl: 'Welke tekenen wijzen op een lokale wondinfectie?',
      },
      options: [
        { id: 'a', text: { fr: 'Douleur qui augmente', nl: 'Toenemende pijn' }, correct: true },
        {
          id: 'b',
          text: { fr: 'Rougeur et chaleur qui s’étendent', nl: 'Roodheid en warmte die zich uitbreiden' },
          correct: true,
        },
        {
          id: 'c',
          text: { fr: 'Odeur nauséabonde et exsudat en hausse', nl: 'Onaangename geur en meer exsudaat' },
          correct: true,
        },
        {
          id: 'd',
          text: { fr: 'Tissu de granulation rose et ferme', nl: 'Roze, stevig granulatieweefsel' },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Douleur croissante, rougeur extensive, chaleur, odeur et exsudat accru ou purulent, retard de cicatrisation : à signaler au médecin.',
        nl: 'Toenemende pijn, uitbreidende roodheid, warmte, geur en meer of etterig exsudaat, vertraagde genezing: melden aan de arts.',
      },
    },
    {
      id: 'venous-ulcer',
      type: 'single',
      prompt: {
        fr: 'Quel est le traitement de base d’un ulcère veineux de jambe, une fois l’atteinte artérielle exclue (indice de pression systolique) ?',
        nl: 'Wat is de basisbehandeling van een veneus beenulcus, nadat arterieel lijden is uitgesloten (enkel-armindex)?',
      },
      options: [
        { id: 'a', text: { fr: 'La compression', nl: 'Compressie' }, correct: true },
        {
          id: 'b',
          text: { fr: 'Le repos strict au lit jambes pendantes', nl: 'Strikte bedrust met afhangende benen' },
          correct: false,
        },
        {
          id: 'c',
          text: { fr: 'Un antibiotique systématique', nl: 'Systematisch een antibioticum' },
          correct: false,
        },
      ],
      explanation: {
        fr: 'La compression corrige l’hypertension veineuse ; elle n’est posée qu’après mesure de l’indice de pression systolique pour exclure une artériopathie.',
        nl: 'Compressie corrigeert de veneuze hypertensie; ze wordt pas aangelegd na meting van de enkel-armindex om arterieel lijden uit te sluiten.',
      },
    },
    {
      id: 'pressure-prevention',
      type: 'single',
      prompt: {
        fr: 'Quelle mesure prévient le mieux les escarres chez un patient alité à risque ?',
        nl: 'Welke maatregel voorkomt het best doorligwonden bij een bedlegerige risicopatiënt?',
      },
      options: [
        {
          id: 'a',
          text: {
            fr: 'Changements de position planifiés et matelas de redistribution de pression',
            nl: 'Geplande wisselhouding en een drukverdelende matras',
          },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'Masser les proéminences osseuses rougies', nl: 'Rode botuitsteeksels masseren' },
          correct: false,
        },
        {
          id: 'c',
          text: { fr: 'Une bouée sous le sacrum', nl: 'Een ringkussen onder het heiligbeen' },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Le massage des zones rougies abîme les tissus et les bouées créent une pression circulaire : on redistribue et on soulage la pression.',
        nl: 'Rode zones masseren beschadigt het weefsel en ringkussens veroorzaken ringvormige druk: druk verdelen en ontlasten is de regel.',
      },
    },
    {
      id: 'healing-risk-factors',
      type: 'multiple',
      prompt: {
        fr: 'Quels facteurs retardent la cicatrisation ?',
        nl: 'Welke factoren vertragen de wondgenezing?',
      },
      options: [
        { id: 'a', text: { fr: 'Diabète mal équilibré', nl: 'Slecht geregelde diabetes' }, correct: true },
        { id: 'b', text: { fr: 'Dénutrition', nl: 'Ondervoeding' }, correct: true },
        { id: 'c', text: { fr: 'Tabagisme', nl: 'Roken' }, correct: true },
        { id: 'd', text: { fr: 'Une hydratation suffisante', nl: 'Voldoende vochtinname' }, correct: false },
      ],
      explanation: {
        fr: 'Hyperglycémie, carence en protéines et vasoconstriction due au tabac freinent la cicatrisation ; une bonne hydratation la favorise.',
        nl: 'Hyperglykemie, eiwittekort en vaatvernauwing door roken remmen de genezing; voldoende vocht bevordert ze.',
      },
    },
    {
      id: 'wound-cleansing',
      type: 'single',
      prompt: {
        fr: 'Quel liquide convient pour nettoyer la plupart des plaies chroniques ?',
        nl: 'Welke vloeistof is geschikt om de meeste chronische wonden te reinigen?',
      },
      options: [
        {
          id: 'a',
          text: {
            fr: 'Du sérum physiologique ou de l’eau potable',
            nl: 'Fysiologisch serum of drinkbaar water',
          },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'De l’eau oxygénée à chaque soin', nl: 'Waterstofperoxide bij elke verzorging' },
          correct: false,
        },
        { id: 'c', text: { fr: 'De l’alcool à 70 %', nl: 'Alcohol 70 %' }, correct: false },
      ],
      explanation: {
        fr: 'Les antiseptiques agressifs abîment le tissu de granulation ; un liquide neutre suffit le plus souvent.',
        nl: 'Agressieve ontsmettingsmiddelen beschadigen granulatieweefsel; een neutrale vloeistof volstaat meestal.',
      },
    },
    {
      id: 'measure-wound',
      type: 'multiple',
      prompt: {
        fr: 'Que notez-vous pour suivre l’évolution d’une plaie ?',
        nl: 'Wat noteert u om de evolutie van een wonde op te volgen?',
      },
      options: [
        {
          id: 'a',
          text: { fr: 'Longueur, largeur et profondeur', nl: 'Lengte, breedte en diepte' },
          correct: true,
        },
        {
          id: 'b',
          text: { fr: 'L’aspect du lit de la plaie', nl: 'Het uitzicht van het wondbed' },
          correct: true,
        },
        {
          id: 'c',
          text: { fr: 'La couleur du pansement choisi', nl: 'De kleur van het gekozen verband' },
          correct: false,
        },
      ],
      explanation: {
        fr: 'Mesures et aspect du lit, datés, montrent si la plaie progresse ; la couleur du pansement n’apporte rien.',
        nl: 'Gedateerde metingen en het uitzicht van het wondbed tonen of de wonde evolueert; de kleur van het verband zegt niets.',
      },
    },
  ],
};
