// The course builder end to end. Sophie (admin, French) creates a training in French and Dutch, adds a chapter,
// uploads its videos (real ffmpeg clips, the French one ~12 MB, sent in blocks straight to Azurite, the progress shown, one
// dropped connection resumed) and Dutch captions, reorders chapters by keyboard, drag and buttons, meets the refusal of an
// incomplete publication, writes the quiz, previews and publishes. Jan (learner, Dutch) finds it in the catalogue,
// plays the chapter (captions track in the player) and passes the quiz. A second admin tab saving a stale copy
// gets the conflict notice with its changes kept. Every builder page fits a 390 px wide screen.
import { expect, test, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectAccessible, playToEnd, signIn } from './helpers';

const ADMIN = 'admin@demo.soins.plus';
const JAN = 'jan.peeters@demo.soins.plus';
const TITLE = { fr: 'Soins de bouche en fin de vie', nl: 'Mondzorg bij het levenseinde' };
const CHAPTER = { fr: 'Le matériel et les gestes', nl: 'Materiaal en handelingen' };

let dir: string;
let clip: string;
let light: string;
let captions: string;
let fake: string;

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'soins-builder-e2e-'));
  clip = join(dir, 'mondzorg.mp4');
  // A real H.264/AAC clip, 8 s, noisy enough to weigh ~12 MB (three 4 MiB blocks).
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25:duration=8'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=8'],
    ...['-vf', 'noise=alls=30:allf=t+u', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '24'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', clip],
  ]);
  expect(statSync(clip).size).toBeGreaterThan(8 * 1024 * 1024);
  // The Dutch one, light (~100 KB), is the one Jan plays.
  light = join(dir, 'mondzorg.nl.mp4');
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'color=c=0x1d4e89:size=320x180:rate=25:duration=8'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=330:duration=8'],
    ...['-c:v', 'libx264', '-preset', 'veryslow', '-crf', '30', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '32k', '-ac', '1', '-movflags', '+faststart', '-shortest', light],
  ]);
  captions = join(dir, 'mondzorg.nl.vtt');
  writeFileSync(captions, 'WEBVTT\n\n00:00.000 --> 00:03.500\nWelkom bij deze opleiding.\n');
  fake = join(dir, 'pas-une-video.mp4');
  writeFileSync(fake, 'Ceci est un texte, pas une vidéo.');
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Uploads one chapter file and waits for the api's verdict. */
async function upload(page: Page, label: string, file: string, done: RegExp): Promise<void> {
  const input = page.getByLabel(label, { exact: true });
  await input.setInputFiles(file);
  await expect(input.locator('xpath=..').getByRole('status').filter({ hasText: done })).toBeVisible({
    timeout: 60_000,
  });
}

test('an admin builds and publishes a bilingual training; a learner finds it, plays it and passes', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  await signIn(page, ADMIN);
  await expect(page).toHaveURL(/\/admin$/);
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Formations' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Formations' })).toBeVisible();
  await expect(
    page.getByRole('link', { name: 'Hygiène des mains et prévention des infections' }),
  ).toBeVisible();
  await expectAccessible(page, 'the trainings list');
  await page.getByLabel('Statut').selectOption('draft');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await expect(page).toHaveURL(/status=draft/);
  await expect(page.getByRole('heading', { name: 'Aucune formation' })).toBeVisible();

  // A new training, in French and Dutch.
  await page.getByRole('link', { name: 'Nouvelle formation' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nouvelle formation' })).toBeVisible();
  await page.getByLabel('Titre (français)').fill(TITLE.fr);
  await page.getByLabel('Titre (néerlandais)').fill(TITLE.nl);
  await page.getByLabel('Résumé (français)').fill('Garder une bouche confortable jusqu’au bout.');
  await page.getByLabel('Résumé (néerlandais)').fill('Een comfortabele mond tot het einde.');
  await page.getByLabel('Présentation détaillée (français)').fill('Le matériel, les gestes et les produits.');
  await page.getByLabel('Présentation détaillée (néerlandais)').fill('Materiaal, handelingen en producten.');
  await page.getByLabel('Heures accréditées').fill('1,5');
  await page.getByRole('radio', { name: 'Gratuite' }).check();
  await expect(page.getByLabel('Identifiant (adresse de la formation)')).toHaveValue(
    'soins-de-bouche-en-fin-de-vie',
  );
  await expectAccessible(page, 'the new training form');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await expect(page).toHaveURL(/\/admin\/trainings\/soins-de-bouche-en-fin-de-vie$/);
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(TITLE.fr) })).toContainText(
    'Brouillon',
  );

  // Publishing an empty draft is refused with what is missing.
  await page.getByRole('button', { name: 'Publier' }).click();
  const refused = page.getByRole('alert').filter({ hasText: 'Publication impossible' });
  await expect(refused).toContainText('Ajoutez au moins un chapitre.');
  await expect(refused).toContainText('Écrivez le questionnaire');

  // Two chapters; the second moves up from the keyboard, then goes.
  await page.getByRole('button', { name: 'Ajouter un chapitre' }).click();
  await page.getByLabel('Titre du chapitre 1 (français)').fill(CHAPTER.fr);
  await page.getByLabel('Titre du chapitre 1 (néerlandais)').fill(CHAPTER.nl);
  await page.getByRole('button', { name: 'Ajouter un chapitre' }).click();
  await page.getByLabel('Titre du chapitre 2 (français)').fill('Brouillon de chapitre');
  await page.getByRole('button', { name: /^Déplacer « Brouillon de chapitre »/ }).press('ArrowUp');
  await expect(
    page.getByText('« Brouillon de chapitre » est maintenant en position 1 sur 2.'),
  ).toBeAttached();
  await expect(page.getByLabel('Titre du chapitre 1 (français)')).toHaveValue('Brouillon de chapitre');
  // …and back down by dragging the other one above it. Both cards on screen at once: Chromium ends an
  // HTML drag when the page scrolls under it.
  const viewport = page.viewportSize();
  await page.setViewportSize({ width: viewport?.width ?? 1280, height: 1600 });
  await page
    .getByRole('button', { name: new RegExp(`^Déplacer « ${CHAPTER.fr} »`) })
    .dragTo(page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: /^Chapitre 1/ }) }));
  if (viewport) await page.setViewportSize(viewport);
  await expect(page.getByLabel('Titre du chapitre 1 (français)')).toHaveValue(CHAPTER.fr);
  await page.getByRole('button', { name: 'Monter « Brouillon de chapitre »' }).click();
  await expect(page.getByLabel('Titre du chapitre 1 (français)')).toHaveValue('Brouillon de chapitre');
  await page.getByRole('button', { name: 'Descendre « Brouillon de chapitre »' }).click();
  await expect(page.getByLabel('Titre du chapitre 1 (français)')).toHaveValue(CHAPTER.fr);
  await page.getByRole('button', { name: 'Supprimer « Brouillon de chapitre »' }).click();
  await expect(page.getByLabel('Titre du chapitre 2 (français)')).toHaveCount(0);
  // Its one chapter is a free preview: visitors may watch it from the public page.
  await page.getByRole('checkbox', { name: 'Chapitre 1 en aperçu gratuit' }).check();
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Les modifications sont enregistrées.')).toBeVisible();
  await expectAccessible(page, 'the training editor');

  // The French video, straight to storage in blocks; the connection drops once during a block.
  let dropped = 0;
  await page.route(/comp=block&/, async (route) => {
    if (dropped === 0 && route.request().method() === 'PUT') {
      dropped++;
      await route.abort('connectionreset');
      return;
    }
    await route.continue();
  });
  const frVideo = page.getByLabel('Vidéo (français) du chapitre 1', { exact: true });
  await frVideo.setInputFiles(clip);
  await expect(
    page.getByRole('progressbar', { name: 'Envoi : Vidéo (français) du chapitre 1' }),
  ).toBeVisible();
  await expect(
    page.getByRole('status').filter({ hasText: /Vidéo vérifiée et enregistrée : vidéo MP4 640×360, 8\ss/ }),
  ).toBeVisible({ timeout: 60_000 });
  expect(dropped).toBe(1);
  await page.unroute(/comp=block&/);
  await upload(
    page,
    'Vidéo (néerlandais) du chapitre 1',
    light,
    /Vidéo vérifiée et enregistrée : vidéo MP4 320×180/,
  );
  await upload(
    page,
    'Sous-titres WebVTT (néerlandais) du chapitre 1',
    captions,
    /Fichier vérifié et enregistré/,
  );
  // Text named .mp4: the api reads it, refuses it (in French) and deletes it; the chapter keeps its video.
  await page.getByLabel('Vidéo (français) du chapitre 1', { exact: true }).setInputFiles(fake);
  await expect(page.getByRole('alert').filter({ hasText: 'n’est pas une vidéo MP4 ou WebM' })).toBeVisible({
    timeout: 30_000,
  });
  await expect(page.getByText(/^français — vidéo MP4 640×360/)).toBeVisible();

  // The quiz: 4 questions, 2 drawn per attempt (the bank holds twice that).
  await page
    .getByRole('navigation', { name: 'Édition de la formation' })
    .getByRole('link', { name: 'Questionnaire' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: /Questionnaire/ })).toBeVisible();
  await page.getByLabel('Questions tirées par tentative').fill('2');
  await page.getByLabel('Seuil de réussite (%)').fill('50');
  await page.getByLabel('Tentatives autorisées').fill('');
  await page.getByLabel('Attente entre deux tentatives (minutes)').fill('0');
  for (let n = 1; n <= 4; n++) {
    await page.getByRole('button', { name: 'Ajouter une question' }).click();
    await page
      .getByLabel(`Énoncé de la question ${String(n)} (français)`)
      .fill(`Question de bouche ${String(n)} ?`);
    await page.getByLabel(`Énoncé de la question ${String(n)} (néerlandais)`).fill(`Mondvraag ${String(n)}?`);
    await page.getByLabel(`Réponse A de la question ${String(n)} (français)`).fill('Bonne réponse');
    await page.getByLabel(`Réponse A de la question ${String(n)} (néerlandais)`).fill('Goed antwoord');
    await page.getByLabel(`Réponse B de la question ${String(n)} (français)`).fill('Mauvaise réponse');
    await page.getByLabel(`Réponse B de la question ${String(n)} (néerlandais)`).fill('Fout antwoord');
    await expect(page.getByLabel(`La réponse A de la question ${String(n)} est correcte`)).toBeChecked();
  }
  await expectAccessible(page, 'the quiz editor');
  await page.getByRole('button', { name: 'Enregistrer le questionnaire' }).click();
  await expect(page.getByText('Le questionnaire est enregistré (version 1).')).toBeVisible();

  // The preview, as a learner would see it, before anyone can.
  await page
    .getByRole('navigation', { name: 'Édition de la formation' })
    .getByRole('link', { name: 'Aperçu' })
    .click();
  await expect(
    page.getByText('Voici la formation telle qu’un apprenant la verra une fois publiée.'),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: TITLE.fr })).toBeVisible();
  await page.getByRole('button', { name: `Regarder « ${CHAPTER.fr} »` }).click();
  await expect(page.locator('article video')).toBeVisible();
  await expectAccessible(page, 'the preview');

  // Publish.
  await page
    .getByRole('navigation', { name: 'Édition de la formation' })
    .getByRole('link', { name: 'Contenu et chapitres' })
    .click();
  await page.getByRole('button', { name: 'Publier' }).click();
  await expect(page.getByText('La formation est publiée : elle apparaît dans le catalogue.')).toBeVisible();
  await expect(page.getByRole('heading', { level: 1, name: new RegExp(TITLE.fr) })).toContainText('Publiée');

  // A visitor, signed out, watches the free preview chapter from the public page.
  const visitor = await browser.newContext();
  try {
    const guest = await visitor.newPage();
    await guest.goto('/catalogue/soins-de-bouche-en-fin-de-vie');
    await expect(guest.getByRole('heading', { level: 1, name: TITLE.fr })).toBeVisible();
    const preview = guest.getByRole('region', { name: 'Aperçu gratuit' });
    await preview.getByRole('button', { name: /^Regarder l’aperçu/ }).click();
    await expect(preview.locator('video')).toBeVisible();
  } finally {
    await visitor.close();
  }

  // Jan finds it in Dutch, plays it (with the Dutch captions) and passes.
  const learner = await browser.newContext();
  try {
    const jan = await learner.newPage();
    await signIn(jan, JAN);
    await jan
      .getByRole('navigation', { name: 'Mijn ruimte' })
      .getByRole('link', { name: 'Catalogus' })
      .click();
    await jan.getByRole('searchbox', { name: 'Trefwoorden' }).fill('mondzorg');
    await jan.keyboard.press('Enter');
    await jan.getByRole('link', { name: TITLE.nl }).click();
    await expect(jan.getByRole('heading', { level: 1, name: TITLE.nl })).toBeVisible();
    await expect(jan.getByText('Materiaal, handelingen en producten.')).toBeVisible();
    await jan.getByRole('button', { name: 'Inschrijven' }).click();
    await expect(jan).toHaveURL(/\/learn\/soins-de-bouche-en-fin-de-vie/);
    await expect(jan.locator('video track[kind="captions"][srclang="nl"]')).toHaveCount(1);
    await playToEnd(jan);
    await expect(
      jan
        .getByRole('navigation', { name: 'Hoofdstukken' })
        .getByRole('link', { name: new RegExp(CHAPTER.nl) }),
    ).toContainText('voltooid', { timeout: 20_000 });
    await jan.getByRole('link', { name: 'De quiz afleggen' }).click();
    await jan.getByRole('button', { name: 'De quiz starten' }).click();
    for (let index = 1; index <= 2; index++) {
      await expect(
        jan.getByRole('heading', { level: 2, name: `Vraag ${String(index)} van 2` }),
      ).toBeVisible();
      await jan.getByRole('radio', { name: 'Goed antwoord', exact: true }).check();
      if (index < 2) await jan.getByRole('button', { name: 'Volgende vraag' }).click();
    }
    await jan.getByRole('button', { name: 'Mijn antwoorden versturen' }).click();
    await expect(jan.getByRole('heading', { level: 1, name: 'Resultaat van poging 1' })).toBeVisible();
    await expect(jan.getByRole('heading', { level: 2, name: 'Geslaagd' })).toBeVisible();
  } finally {
    await learner.close();
  }
});

test('a second tab saving a stale copy gets the conflict notice, its changes kept', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  await page.goto('/admin/trainings/hand-hygiene');
  await expect(page.getByRole('heading', { level: 1, name: /Hygiène des mains/ })).toBeVisible();
  const other = await context.newPage();
  await other.goto('/admin/trainings/hand-hygiene');
  // A new tab signs in silently (a round trip to the identity provider) before the page shows.
  await expect(other.getByRole('heading', { level: 1, name: /Hygiène des mains/ })).toBeVisible({
    timeout: 20_000,
  });

  await page.getByLabel('Organisateur').fill('SOINS+ Academy (premier onglet)');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Les modifications sont enregistrées.')).toBeVisible();

  await other.getByLabel('Organisateur').fill('SOINS+ Academy (second onglet)');
  await other.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  const notice = other.getByRole('alert').filter({ hasText: 'Cette formation a été modifiée entre-temps' });
  await expect(notice).toBeVisible();
  await expect(other.getByLabel('Organisateur')).toHaveValue('SOINS+ Academy (second onglet)');
  await expectAccessible(other, 'the conflict notice');
  await notice.getByRole('button', { name: 'Enregistrer mes modifications quand même' }).click();
  await expect(other.getByText('Les modifications sont enregistrées.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Organisateur')).toHaveValue('SOINS+ Academy (second onglet)');
  // Back to the seeded value for the other specs of the run.
  await page.getByLabel('Organisateur').fill('SOINS+ Academy');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await expect(page.getByText('Les modifications sont enregistrées.')).toBeVisible();
});

test('the builder’s pages fit a 390 px wide screen without sideways scrolling', async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, ADMIN);
  await page.setViewportSize({ width: 390, height: 844 });
  for (const [path, heading] of [
    ['/admin/trainings', 'Formations'],
    ['/admin/trainings/new', 'Nouvelle formation'],
    ['/admin/trainings/hand-hygiene', /Hygiène des mains/],
    ['/admin/trainings/hand-hygiene/quiz', /Questionnaire/],
    ['/admin/trainings/hand-hygiene/preview', /Hygiène des mains/],
  ] as const) {
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    const overflow = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
          .documentElement.scrollWidth,
    );
    expect(overflow, path).toBeLessThanOrEqual(390);
  }
});
