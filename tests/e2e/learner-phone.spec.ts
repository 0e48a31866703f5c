// The learner journey on a phone (390 × 844), in French and in Dutch: no page scrolls sideways, the navigation
// folds into one menu, the player's video and the quiz's answers and timer are in view without scrolling, tables
// become cards, and axe finds no serious violation. French: a visitor browses the public catalogue and a free
// preview, checks a certificate code, signs up, follows the free training and opens its quiz. Dutch: Marie, whose
// demo data (subscription with invoices, a training in progress, a certificate) `npm start` seeded, walks every
// page of her space.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { chronicWoundCare } from '../../local/seed/trainings/chronic-wound-care';
import { handHygiene } from '../../local/seed/trainings/hand-hygiene';
import {
  answerQuiz,
  chooseLanguage,
  expectAccessible,
  passGates,
  playToEnd,
  signIn,
  signUp,
} from './helpers';

const PHONE = { width: 390, height: 844 };
test.use({ viewport: PHONE });

/** The page never scrolls sideways (WCAG 1.4.10 reflow). A string expression: specs are typed without the DOM. */
async function expectNoSideScroll(page: Page, what: string): Promise<void> {
  const widths = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );
  expect(widths.scroll, `horizontal scroll on ${what}`).toBeLessThanOrEqual(widths.client);
}

/** Checked on every page of the walk: reflow and axe. */
async function checkPage(page: Page, what: string): Promise<void> {
  await expectNoSideScroll(page, what);
  await expectAccessible(page, `${what} on a phone`);
}

/** Fully inside the first screen, with the page scrolled to its top. */
async function expectInFirstScreen(page: Page, element: Locator, what: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  const box = await element.boundingBox();
  expect(box, `${what} is laid out`).not.toBeNull();
  if (!box) return;
  expect(box.y, `${what} starts on the first screen`).toBeGreaterThanOrEqual(0);
  expect(box.y + box.height, `${what} ends on the first screen`).toBeLessThanOrEqual(PHONE.height);
  expect(box.x + box.width, `${what} fits the width`).toBeLessThanOrEqual(PHONE.width);
}

/** Opens the header's menu (a disclosure button) and follows one of its links. */
async function viaMenu(page: Page, menu: string, nav: string, link: string): Promise<void> {
  const button = page.getByRole('banner').getByRole('button', { name: menu });
  await expect(button).toHaveAttribute('aria-expanded', 'false');
  await button.click();
  await expect(button).toHaveAttribute('aria-expanded', 'true');
  await page.getByRole('navigation', { name: nav }).getByRole('link', { name: link, exact: true }).click();
  // Moving to another page closes it.
  await expect(button).toHaveAttribute('aria-expanded', 'false');
}

/** Each row of the table is a card: its header row is hidden and every cell says its column's name. */
async function expectCards(table: Locator, columns: readonly string[]): Promise<void> {
  await expect(table).toBeVisible();
  const layout = await table.evaluate((element: unknown) => {
    const t = element as {
      tHead: { getBoundingClientRect(): { height: number } } | null;
      tBodies: { rows: { cells: ArrayLike<unknown> }[] }[];
    };
    const style = (cell: unknown, pseudo?: string) =>
      (
        globalThis as unknown as {
          getComputedStyle(e: unknown, p?: string): { display: string; content: string };
        }
      ).getComputedStyle(cell, pseudo);
    const firstRow = t.tBodies[0]?.rows[0];
    return {
      headHeight: t.tHead?.getBoundingClientRect().height ?? 0,
      cells: Array.from(firstRow?.cells ?? []).map((cell) => ({
        display: style(cell).display,
        label: style(cell, '::before').content,
      })),
    };
  });
  expect(layout.headHeight).toBeLessThanOrEqual(1);
  expect(layout.cells.every((cell) => cell.display === 'block')).toBe(true);
  // The row header is the card's title; the other cells carry their column's name.
  expect(layout.cells.slice(1).map((cell) => cell.label.replace(/^"|"$/g, ''))).toEqual(columns.slice(1));
}

test('fr: a visitor browses the catalogue, watches a free preview and checks a code, then signs up and follows a free training to its quiz', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const paid = chronicWoundCare;
  const free = handHygiene;

  // Home: one row of header (name and menu), the menu opens and closes by keyboard.
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'SOINS+' })).toBeVisible();
  const menu = page.getByRole('banner').getByRole('button', { name: 'Menu' });
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  const headerHeight = (await page.getByRole('banner').boundingBox())?.height ?? Infinity;
  expect(headerHeight, 'the header takes one row').toBeLessThanOrEqual(80);
  await menu.focus();
  await page.keyboard.press('Enter');
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(page.getByRole('banner').getByRole('combobox', { name: 'Langue' })).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(menu).toHaveAttribute('aria-expanded', 'false');
  await expect(menu).toBeFocused();
  await checkPage(page, 'the home page');

  // The public catalogue, with the subscription's prices.
  await viaMenu(page, 'Menu', 'Navigation principale', 'Catalogue');
  await expect(page.getByRole('heading', { level: 1, name: 'Catalogue des formations' })).toBeVisible();
  await expect(page.getByText(/Abonnement SOINS\+ : 15,00\s€ par mois ou 150,00\s€ par an/)).toBeVisible();
  await checkPage(page, 'the public catalogue');

  // A paid training's public page: its free preview plays without an account.
  await page.getByRole('link', { name: paid.content.title.fr ?? '' }).click();
  await expect(page.getByRole('heading', { level: 1, name: paid.content.title.fr ?? '' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Créer mon compte' })).toBeVisible();
  const preview = page.getByRole('region', { name: 'Aperçu gratuit' });
  await preview.getByRole('button', { name: /^Regarder l’aperçu/ }).click();
  const previewVideo = preview.locator('video');
  await expect(previewVideo).toBeVisible();
  await expect
    .poll(() => previewVideo.evaluate((element: unknown) => (element as { readyState: number }).readyState))
    .toBeGreaterThanOrEqual(1);
  await checkPage(page, 'a public training page with its preview');

  // /verify without a code: a form; the code typed in lower case without dashes is grouped.
  await page.goto('/verify');
  const code = page.getByRole('textbox', { name: 'Code de vérification' });
  await code.fill('abcdefghijklmnopqrstuvwxyz234567');
  await expect(code).toHaveValue('ABCD-EFGH-IJKL-MNOP-QRST-UVWX-YZ23-4567');
  await checkPage(page, 'the verification form');
  await page.getByRole('button', { name: 'Vérifier' }).click();
  await expect(page).toHaveURL(/\/verify\/ABCDEFGHIJKLMNOPQRSTUVWXYZ234567$/);
  await expect(page.getByRole('heading', { level: 2, name: 'Attestation inconnue' })).toBeVisible();
  await checkPage(page, 'a verification result');

  // She signs up: the dashboard guides her first steps.
  const learner = {
    firstName: 'Inès',
    lastName: 'Moreau',
    email: `ines.${Date.now().toString(36)}@example.be`,
  };
  await signUp(page, learner);
  await passGates(page, learner);
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Inès Moreau' })).toBeVisible();
  await page
    .getByRole('region', { name: 'Mesure d’audience', exact: true })
    .getByRole('button', { name: 'Refuser' })
    .click();
  const steps = page.getByRole('region', { name: 'Vos premiers pas' });
  await expect(steps.getByRole('listitem')).toHaveCount(6);
  await expect(steps.getByRole('listitem', { name: /Compléter votre profil/ })).toContainText('Fait');
  await expect(steps.getByRole('listitem', { name: /Commencer une première formation/ })).toContainText(
    'À faire',
  );
  await checkPage(page, 'the dashboard of a new learner');

  // The free training: enrol, play every chapter; each video is in view without scrolling.
  await viaMenu(page, 'Menu', 'Mon espace', 'Catalogue');
  await page.getByRole('link', { name: free.content.title.fr ?? '' }).click();
  await page.getByRole('button', { name: 'M’inscrire' }).click();
  await expect(page).toHaveURL(new RegExp(`/learn/${free.id}`));
  const chapters = free.content.chapters;
  for (const [index, chapter] of chapters.entries()) {
    const chapterTitle = chapter.title.fr ?? '';
    await expect(
      page.getByRole('heading', { level: 2, name: `Chapitre ${String(index + 1)} sur 3 : ${chapterTitle}` }),
    ).toBeVisible();
    const video = page.getByLabel(`Vidéo : ${chapterTitle}`);
    await expect(video).toBeVisible({ timeout: 15_000 });
    await expectInFirstScreen(page, video, `the video of chapter ${String(index + 1)}`);
    if (index === 0) await checkPage(page, 'the player');
    await playToEnd(page);
    await expect(
      page
        .getByRole('navigation', { name: 'Chapitres' })
        .getByRole('link', { name: new RegExp(chapterTitle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }),
    ).toContainText('terminé', { timeout: 20_000 });
    if (index < chapters.length - 1) await page.getByRole('link', { name: /^Chapitre suivant/ }).click();
  }

  // The quiz: the timer and every answer of the question are in view without scrolling.
  await page.getByRole('link', { name: 'Passer le questionnaire' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Questionnaire final' })).toBeVisible();
  await checkPage(page, 'the quiz rules');
  await page.getByRole('button', { name: 'Commencer le questionnaire' }).click();
  await expect(page.getByRole('timer')).toBeVisible();
  await expectInFirstScreen(page, page.getByRole('timer'), 'the quiz timer');
  const options = page.locator('fieldset label');
  expect(await options.count()).toBeGreaterThanOrEqual(2);
  for (const option of await options.all()) await expectInFirstScreen(page, option, 'a quiz answer');
  await expectInFirstScreen(page, page.getByRole('button', { name: 'Question suivante' }), 'the next button');
  await checkPage(page, 'a quiz question');

  // She passes; without an approved diploma her certificate waits, and the result says what it waits for.
  await answerQuiz(page, free, { right: true });
  await page.getByRole('button', { name: 'Envoyer mes réponses' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Réussi' })).toBeVisible();
  const waits = page.getByRole('region', { name: 'Votre attestation attend' });
  await expect(waits).toBeVisible();
  await expect(waits.getByRole('link', { name: 'Mon diplôme' })).toHaveAttribute(
    'href',
    '/profile#diploma-title',
  );
  await expect(waits.getByRole('link', { name: 'Compléter mon profil' })).toHaveCount(0);
  await expect(page.getByText(/Votre attestation est en cours de préparation/)).toHaveCount(0);
  await checkPage(page, 'a passed quiz whose certificate waits');
  await page.getByRole('link', { name: 'Voir mes attestations' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes attestations et mes heures' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Votre attestation attend' })).toBeVisible();
  await checkPage(page, 'the certificates page of a pass that waits');

  // The rest of her space.
  for (const [link, heading] of [
    ['Mes attestations', 'Mes attestations et mes heures'],
    ['Mon profil', 'Mon profil'],
    ['Mon abonnement', 'Mon abonnement'],
    ['Accueil', 'Bonjour Inès Moreau'],
  ] as const) {
    await viaMenu(page, 'Menu', 'Mon espace', link);
    await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
    await checkPage(page, `“${link}”`);
  }
});

test('nl: Marie walks every page of her space, filled by the demo data, in Dutch', async ({ page }) => {
  test.setTimeout(180_000);
  await signIn(page, 'marie.dubois@demo.soins.plus');
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
  // The one language switch is in the menu; it is stored in her profile.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('banner').getByLabel('Langue').selectOption('nl');
  await expect(page.getByRole('heading', { level: 1, name: 'Hallo Marie Dubois' })).toBeVisible();
  try {
    await page
      .getByRole('region', { name: 'Bezoekersanalyse', exact: true })
      .getByRole('button', { name: 'Weigeren' })
      .click();

    // Dashboard: her trainings, titled in Dutch at once; her first steps are done, so no checklist.
    await expect(page.getByRole('heading', { name: 'Zorg voor chronische wonden' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Handhygiëne en infectiepreventie' })).toBeVisible();
    await expect(page.getByText('1 van 3 hoofdstukken voltooid (33%)')).toBeVisible();
    await checkPage(page, 'the dashboard');

    // The training in progress: the player's video on the first screen.
    await page
      .getByRole('link', { name: /^Verder/ })
      .first()
      .click();
    await expect(page).toHaveURL(new RegExp(`/learn/${handHygiene.id}`));
    const video = page.locator('video');
    await expect(video).toBeVisible({ timeout: 15_000 });
    await expectInFirstScreen(page, video, 'the video of the player');
    await checkPage(page, 'the player');

    // Her certificate, as a card.
    await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
    await page
      .getByRole('navigation', { name: 'Mijn ruimte' })
      .getByRole('link', { name: 'Mijn attesten' })
      .click();
    const certificates = page.getByRole('table', { name: 'Mijn attesten' });
    await expect(certificates.getByRole('row', { name: /Soins de plaies chroniques/ })).toBeVisible({
      timeout: 30_000,
    });
    await expectCards(certificates, [
      'Opleiding',
      'Geaccrediteerde uren',
      'Datum van slagen',
      'Verificatiecode',
      'Attest',
    ]);
    await checkPage(page, 'the certificates and hours');

    // Her subscription with its two invoices, as cards.
    await viaMenu(page, 'Menu', 'Mijn ruimte', 'Mijn abonnement');
    const invoices = page.getByRole('table', { name: 'Uw facturen' });
    await expect(invoices.locator('tbody tr')).toHaveCount(2);
    await expectCards(invoices, ['Nummer', 'Datum', 'Bedrag', 'Status', 'Documenten']);
    await checkPage(page, 'the subscription');

    await viaMenu(page, 'Menu', 'Mijn ruimte', 'Mijn profiel');
    await expect(page.getByText('Diploma gecontroleerd')).toBeVisible();
    await checkPage(page, 'the profile');

    await viaMenu(page, 'Menu', 'Mijn ruimte', 'Catalogus');
    await expect(page.getByRole('heading', { level: 1, name: 'Opleidingscatalogus' })).toBeVisible();
    await checkPage(page, 'the catalogue');
    await page.getByRole('link', { name: 'Zorg voor chronische wonden' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Zorg voor chronische wonden' })).toBeVisible();
    await checkPage(page, 'a training page');

    await page.goto(`/learn/${chronicWoundCare.id}/quiz`);
    await expect(page.getByRole('heading', { level: 2, name: 'Quiz geslaagd' })).toBeVisible();
    await checkPage(page, 'a passed quiz');
  } finally {
    // Marie speaks French again for the other specs.
    await chooseLanguage(page, 'fr');
  }
});
