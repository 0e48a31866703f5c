// The right to erasure, tried on a 390 px wide screen as a new learner would: she asks from her profile, signs in
// again (the api wants a fresh sign-in), sees the date it will run and gets the confirmation e-mail, changes her
// mind and cancels, then asks again (signing in again once more); the section reads in Dutch too.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, idpUrl, mailsTo, signUp } from './helpers';

test.use({ viewport: { width: 390, height: 844 } });

const PASSWORD = 'Nouvelle-Infirmiere-2026';

async function acceptGates(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/legal\?returnTo=/);
  const boxes = page.getByRole('checkbox', { name: /J’ai lu et j’accepte/ });
  await expect(boxes).toHaveCount(2);
  for (const box of await boxes.all()) await box.check();
  await page.getByRole('button', { name: 'Accepter et continuer' }).click();
  await expect(page).toHaveURL(/\/(dashboard|onboarding)/);
  if (new URL(page.url()).pathname.startsWith('/onboarding')) {
    await page.getByRole('textbox', { name: 'Prénom' }).fill('Lise');
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Verhoeven');
    await page.getByRole('radio', { name: 'Infirmier ou infirmière' }).check();
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  }
}

async function noSideScroll(page: Page): Promise<void> {
  const widths = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

/** From the profile's erasure section: confirm, type the password again at the provider, confirm once back. */
async function requestWithFreshSignIn(page: Page, email: string): Promise<void> {
  const section = page.getByRole('region', { name: 'Effacer mon compte' });
  await section.getByRole('button', { name: 'Demander l’effacement de mon compte' }).click();
  await expect(section.getByText('vous devez vous reconnecter')).toBeVisible();
  await expectAccessible(page, 'the erasure confirmation');
  await section.getByRole('button', { name: 'Se reconnecter pour confirmer' }).click();
  // prompt=login: the provider asks for the password although its session is alive.
  await expect(page).toHaveURL(
    (url) => url.href.startsWith(idpUrl()) && url.pathname.startsWith('/interaction/'),
  );
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form[action$="/login"] button[type="submit"]').click();
  await expect(page).toHaveURL(/\/profile$/);
  const back = page.getByRole('region', { name: 'Effacer mon compte' });
  await back.getByRole('button', { name: 'Oui, effacer mon compte dans 14 jours' }).click();
  await expect(back.getByText(/L’effacement de votre compte est programmé pour le/)).toBeVisible();
}

test('a learner asks for the erasure of her account after signing in again, cancels, and asks again', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const email = `lise.${Date.now().toString(36)}@example.be`;
  await signUp(page, { firstName: 'Lise', lastName: 'Verhoeven', email });
  await acceptGates(page);
  // At 390 px the learner's pages are in the header's menu.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Mon profil' }).click();
  await expect(page).toHaveURL(/\/profile$/);

  await requestWithFreshSignIn(page, email);
  const section = page.getByRole('region', { name: 'Effacer mon compte' });
  await noSideScroll(page);
  await expectAccessible(page, 'the profile with an erasure scheduled');
  expect(await mailsTo(email, 'erasure_scheduled')).not.toHaveLength(0);

  // She changes her mind during the 14 days.
  await section.getByRole('button', { name: 'Annuler l’effacement' }).click();
  await expect(section.getByText('L’effacement a été annulé. Votre compte est conservé.')).toBeVisible();
  await expectAccessible(page, 'the profile after cancelling');

  // And asks again, signing in again once more.
  await requestWithFreshSignIn(page, email);

  // In Dutch.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('banner').getByRole('combobox', { name: 'Langue' }).selectOption('nl');
  const dutch = page.getByRole('region', { name: 'Mijn account wissen' });
  await expect(dutch.getByText(/Het wissen van uw account is gepland op/)).toBeVisible();
  await expect(dutch.getByRole('button', { name: 'Het wissen annuleren' })).toBeVisible();
  await noSideScroll(page);
  await expectAccessible(page, 'the erasure section in Dutch');
});
