// SOINS+ courses end to end. A new learner (French) finds a subscription-only training in the catalogue, is offered
// to subscribe first (not to enrol), subscribes on the Stripe simulator's hosted Checkout and comes back to that
// training, enrols, opens every chapter (the training completes chapters on opening: the last one opens the quiz at
// once, without a reload), fails the final quiz once (leaving a question unanswered, confirmed in a dialog), waits
// the training's 1-minute pause, passes, reads her result, receives her certificate by email (PDF checked with
// pdftotext) and verifies it on the public page, signed out too. Jan (Dutch) follows the free training with the
// watched-90 % rule in the player, passes the quiz and verifies his certificate. Shared helpers in helpers.ts.
import { expect, test, type Page } from '@playwright/test';
import {
  answerQuiz,
  expectAccessible,
  mailsTo,
  passGates,
  pdfText,
  playToEnd,
  signIn,
  signUp,
  type SentMail,
} from './helpers';
import type { SeedTraining } from '../../local/seed/trainings';
import { chronicWoundCare } from '../../local/seed/trainings/chronic-wound-care';
import { handHygiene } from '../../local/seed/trainings/hand-hygiene';

const JAN = { email: 'jan.peeters@demo.soins.plus', name: 'Jan Peeters' };

/** Plays every chapter in order; each one shows as completed in the chapter list before moving on. */
async function playEveryChapter(
  page: Page,
  training: SeedTraining,
  lang: 'fr' | 'nl',
  words: { completed: string; next: string; chapters: string },
): Promise<void> {
  const chapters = training.content.chapters;
  for (const [index, chapter] of chapters.entries()) {
    const title = chapter.title[lang] ?? '';
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(escape(title)) })).toBeVisible();
    await playToEnd(page);
    const item = page
      .getByRole('navigation', { name: words.chapters })
      .getByRole('link', { name: new RegExp(escape(title)) });
    await expect(item).toContainText(words.completed, { timeout: 20_000 });
    if (index < chapters.length - 1) {
      await page.getByRole('link', { name: new RegExp(`^${escape(words.next)}`) }).click();
    }
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The certificate e-mail for this training (a demo learner may hold others, from other specs on the runtime). */
async function certificateMail(email: string, trainingTitle: string): Promise<SentMail | undefined> {
  return (await mailsTo(email, 'certificate_issued')).find(
    (m) => m.Attachments.length > 0 && (m.Subject ?? '').includes(trainingTitle),
  );
}

test('a new learner subscribes from a paid training, comes back to it, follows it, fails then passes the quiz, and gets a verifiable certificate', async ({
  page,
  browser,
}) => {
  test.setTimeout(360_000);
  const training = chronicWoundCare;
  const title = training.content.title.fr ?? '';
  const learner = {
    firstName: 'Nadia',
    lastName: 'Lemaire',
    email: `nadia.${Date.now().toString(36)}@example.be`,
    name: 'Nadia Lemaire',
  };
  const submissions: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/submission')) submissions.push(request.url());
  });
  await signUp(page, learner);
  await passGates(page, learner);
  await expect(page).toHaveURL(/\/dashboard$/);

  // Catalogue: filters in the URL, cards, empty state.
  const nav = page.getByRole('navigation', { name: 'Mon espace' });
  await nav.getByRole('link', { name: 'Catalogue' }).click();
  await expect(page).toHaveURL(/\/catalogue$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Catalogue des formations' })).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toBeVisible();
  await expect(page.getByRole('link', { name: handHygiene.content.title.fr ?? '' })).toBeVisible();
  await expectAccessible(page, 'the catalogue');
  await page.getByLabel('Profession').selectOption('midwife');
  await expect(page).toHaveURL(/profession=midwife/);
  await expect(page.getByRole('status').filter({ hasText: /^1 formation$/ })).toBeVisible();
  await expect(page.getByRole('link', { name: title })).toBeHidden();
  await page.getByRole('searchbox', { name: 'Mots-clés' }).fill('zzzz introuvable');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page.getByRole('heading', { name: 'Aucune formation trouvée' })).toBeVisible();
  await page.getByRole('link', { name: 'Effacer la recherche et les filtres' }).first().click();
  await expect(page).toHaveURL(/\/catalogue$/);
  await page.getByRole('searchbox', { name: 'Mots-clés' }).fill('plaies');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/q=plaies/);
  await page.getByRole('link', { name: title }).click();

  // Detail: chapters and quiz rules; a paid training offers to subscribe first, not to enrol.
  await expect(page).toHaveURL(new RegExp(`/catalogue/${training.id}$`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Chapitres' }).getByRole('listitem')).toHaveCount(
    training.content.chapters.length,
  );
  await expect(page.getByText(/Abonnement SOINS\+ : 15,00\s€ par mois ou 150,00\s€ par an/)).toBeVisible();
  await expectAccessible(page, 'the training detail');
  await expect(page.getByRole('button', { name: 'M’inscrire' })).toHaveCount(0);
  await page.getByRole('link', { name: 'S’abonner pour suivre cette formation' }).click();

  // Subscribe through the Stripe simulator's hosted Checkout, then back to the training she came from.
  await expect(page).toHaveURL(/\/account\/subscription\?returnTo=%2Fcatalogue%2Fchronic-wound-care$/);
  const monthly = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Abonnement mensuel' }) });
  await monthly.getByRole('button', { name: 'Choisir : Abonnement mensuel' }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_/);
  await page.getByLabel('Numéro de carte').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'S’abonner' }).click();
  await expect(page).toHaveURL(new RegExp(`/catalogue/${training.id}$`), { timeout: 30_000 });
  await expect(page.getByText('Votre abonnement est actif : vous pouvez suivre la formation.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  // Enrol, then the player: each chapter completes on opening, and the player says so.
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await expect(page).toHaveURL(new RegExp(`/learn/${training.id}`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByText(/Ce chapitre compte comme terminé dès que vous l’ouvrez/)).toBeVisible();
  await expectAccessible(page, 'the course player');
  const chapterList = page.getByRole('navigation', { name: 'Chapitres' });
  for (const [index, chapter] of training.content.chapters.entries()) {
    const chapterTitle = chapter.title.fr ?? '';
    await expect(
      page.getByRole('heading', { level: 2, name: new RegExp(escape(chapterTitle)) }),
    ).toBeVisible();
    await expect(chapterList.getByRole('link', { name: new RegExp(escape(chapterTitle)) })).toContainText(
      'terminé',
    );
    if (index < training.content.chapters.length - 1) {
      await page.getByRole('link', { name: /^Chapitre suivant/ }).click();
    }
  }
  // Opening the last chapter opened the quiz at once: no reload.
  await expect(page.getByText('3 chapitres terminés sur 3 (100 %)')).toBeVisible();
  await expect(page.getByText(/Vous avez terminé tous les chapitres/)).toBeVisible();

  // Quiz, first attempt: wrong answers and one left blank (confirmed), failed.
  await page.getByRole('link', { name: 'Passer le questionnaire' }).click();
  await expect(page).toHaveURL(new RegExp(`/learn/${training.id}/quiz$`));
  await expect(page.getByRole('heading', { level: 1, name: 'Questionnaire final' })).toBeVisible();
  await expect(page.getByText('15 min', { exact: true })).toBeVisible();
  await expectAccessible(page, 'the quiz status');
  await page.getByRole('button', { name: 'Commencer le questionnaire' }).click();
  await expect(page).toHaveURL(/attempt=/);
  await expect(page.getByRole('timer')).toHaveText(/^1[45]:\d\d$/);
  await answerQuiz(page, training, { right: false, skipLast: true });
  await expectAccessible(page, 'a quiz question');
  const submit = page.getByRole('button', { name: 'Envoyer mes réponses' });
  await submit.click();
  const confirm = page.getByRole('dialog', { name: 'Envoyer malgré des questions sans réponse ?' });
  await expect(confirm).toContainText('1 question est sans réponse');
  await confirm.getByRole('button', { name: 'Envoyer quand même' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Résultat de la tentative 1' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Échoué' })).toBeVisible();
  // Attempts are left: right/wrong per question, but not the correct answers yet.
  await expect(
    page.getByText('Les bonnes réponses seront affichées lorsque vous aurez réussi le questionnaire.'),
  ).toBeVisible();
  await expect(page.getByText('Bonne réponse', { exact: true })).toHaveCount(0);
  await expect(page.getByText(/Vous pourrez recommencer le/)).toBeVisible();
  await expectAccessible(page, 'a failed result');

  // The wait before the next attempt (1 minute for the demo trainings), with its countdown.
  await page.getByRole('link', { name: 'Retour au questionnaire' }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Patientez avant la prochaine tentative' }),
  ).toBeVisible();
  await expect(page.getByRole('timer')).toHaveText(/^[01]:\d\d$/);
  const retry = page.getByRole('button', { name: 'Recommencer le questionnaire' });
  await expect(retry).toBeVisible({ timeout: 75_000 });
  await retry.click();

  // Second attempt: every answer right, passed.
  await answerQuiz(page, training, { right: true });
  // A double click sends the answers once.
  await page.getByRole('button', { name: 'Envoyer mes réponses' }).dblclick();
  await expect(page.getByRole('heading', { level: 1, name: 'Résultat de la tentative 2' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Réussi' })).toBeVisible();
  // Her diploma is not approved yet: the certificate waits, and the result says for what.
  const waits = page.getByRole('region', { name: 'Votre attestation attend' });
  await expect(waits).toBeVisible();
  await expect(waits.getByRole('link', { name: 'Compléter mon profil' })).toHaveCount(0);
  await expect(page.getByText(/Votre attestation est en cours de préparation/)).toHaveCount(0);
  expect(submissions).toHaveLength(2);
  await expectAccessible(page, 'a passed result');

  // She sends her diploma from the notice's link; an admin approves it; the waiting certificate follows.
  await waits.getByRole('link', { name: 'Mon diplôme' }).click();
  await expect(page).toHaveURL(/\/profile#diploma-title$/);
  await page.getByLabel('Fichier du diplôme').setInputFiles({
    name: 'diplome.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from(
      '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
      'latin1',
    ),
  });
  await page.getByRole('button', { name: 'Envoyer le diplôme' }).click();
  await expect(page.getByText('Votre diplôme est en attente de vérification par notre équipe.')).toBeVisible({
    timeout: 30_000,
  });
  await page.goto('/certificates');
  await expect(page.getByRole('region', { name: 'Votre attestation attend' })).toBeVisible();
  const adminContext = await browser.newContext();
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin@demo.soins.plus');
    await admin.getByRole('link', { name: 'Diplômes à vérifier' }).click();
    // Hers is the only diploma waiting in this run.
    await expect(admin.getByRole('table').getByRole('row')).toHaveCount(2);
    await admin.getByRole('button', { name: 'Approuver' }).click();
    await admin
      .getByRole('dialog', { name: 'Approuver ce diplôme ?' })
      .getByRole('button', { name: 'Approuver' })
      .click();
    await expect(admin.getByText('Le diplôme est approuvé.')).toBeVisible();
  } finally {
    await adminContext.close();
  }

  // Her certificates page lists it (once issued) with its verification code.
  await page.goto('/certificates?awaiting=chronic-wound-care');
  const row = page
    .getByRole('table', { name: 'Mes attestations' })
    .getByRole('row', { name: new RegExp(escape(title)) });
  await expect(row).toBeVisible({ timeout: 30_000 });
  await expect(row.getByRole('button', { name: /Télécharger le PDF/ })).toBeVisible({ timeout: 30_000 });
  const listed = ((await row.getByRole('link').first().textContent()) ?? '').trim();
  expect(listed).toMatch(/^[A-Z2-7]{4}(-[A-Z2-7]{4}){7}$/);
  await expectAccessible(page, 'the certificates page');

  // The certificate by email: a PDF with her name, the training, the hours and the verification code.
  let mail: SentMail | undefined;
  await expect
    .poll(
      async () => {
        mail = await certificateMail(learner.email, title);
        return mail !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const attachment = mail?.Attachments.find((a) => a.ContentType === 'application/pdf');
  expect(attachment).toBeDefined();
  const text = await pdfText(attachment?.url ?? '');
  expect(text).toContain(learner.name);
  expect(text.replace(/\s+/g, ' ')).toContain(title);
  expect(text).toMatch(/Heures accréditées\s+2\s*h\b/);
  const code = listed.replace(/-/g, '');
  // The grouped code may wrap in the layout; the compact one under the QR code is on one line.
  expect(text).toContain(`Code de vérification : ${code}`);
  expect(text).toContain(`/verify/${code}`);

  // Anyone can verify it, signed out.
  const visitor = await browser.newContext();
  try {
    const anonymous = await visitor.newPage();
    await anonymous.goto(`/verify/${code}`);
    await expect(anonymous.getByRole('heading', { level: 2, name: 'Attestation valide' })).toBeVisible();
    await expect(anonymous.getByText(learner.name)).toBeVisible();
    await expect(anonymous.getByText(title)).toBeVisible();
    await expectAccessible(anonymous, 'the verification page');
    await anonymous.goto('/verify/AAAABBBBCCCCDDDDEEEEFFFFGGGGHHHH');
    await expect(anonymous.getByRole('heading', { level: 2, name: 'Attestation inconnue' })).toBeVisible();
  } finally {
    await visitor.close();
  }
});

test('Jan follows the free training in Dutch, passes the quiz and gets a verifiable certificate', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const training = handHygiene;
  const title = training.content.title.nl ?? '';
  await signIn(page, JAN.email);
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');

  await page
    .getByRole('navigation', { name: 'Mijn ruimte' })
    .getByRole('link', { name: 'Catalogus' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Opleidingscatalogus' })).toBeVisible();
  await expectAccessible(page, 'the catalogue in Dutch');
  await page.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await page.getByRole('button', { name: 'Inschrijven' }).click();
  await expect(page).toHaveURL(new RegExp(`/learn/${training.id}`));
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectAccessible(page, 'the course player in Dutch');
  await playEveryChapter(page, training, 'nl', {
    completed: 'voltooid',
    next: 'Volgend hoofdstuk',
    chapters: 'Hoofdstukken',
  });
  await page.getByRole('link', { name: 'De quiz afleggen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Eindquiz' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'De quiz starten' })).toBeVisible();
  await expectAccessible(page, 'the quiz status in Dutch');

  // He passes at the first attempt and gets his certificate, in Dutch, verifiable by anyone.
  await page.getByRole('button', { name: 'De quiz starten' }).click();
  await answerQuiz(page, training, { right: true, lang: 'nl' });
  await page.getByRole('button', { name: 'Mijn antwoorden versturen' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Resultaat van poging 1' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Geslaagd' })).toBeVisible();
  let mail: SentMail | undefined;
  await expect
    .poll(
      async () => {
        mail = await certificateMail(JAN.email, title);
        return mail !== undefined;
      },
      { timeout: 30_000 },
    )
    .toBe(true);
  const text = await pdfText(mail?.Attachments.find((a) => a.ContentType === 'application/pdf')?.url ?? '');
  expect(text).toContain(JAN.name);
  expect(text.replace(/\s+/g, ' ')).toContain(title);
  const code = /\/verify\/([A-Z2-7]{32})/.exec(text)?.[1] ?? '';
  expect(code).toMatch(/^[A-Z2-7]{32}$/);
  await page.goto(`/verify/${code}`);
  await expect(page.getByRole('heading', { level: 2, name: 'Geldig attest' })).toBeVisible();
  await expect(page.getByText(title)).toBeVisible();
});
