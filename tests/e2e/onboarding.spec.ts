// SOINS+ learner onboarding end to end: a new learner signs up at the provider through the real MSAL flow, is stopped
// by the legal gate and accepts the terms and the privacy policy, sets her INAMI number (an invalid one is refused with the api's own
// message), uploads her diploma (antivirus scan, then "pending review"), and an admin approves it from the review
// page. Shared helpers in helpers.ts.
import { expect, test } from '@playwright/test';
import { expectAccessible, signIn, signUp } from './helpers';

const ADMIN = { email: 'admin@demo.soins.plus', name: 'Sophie Lambert' };

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

test('a new learner accepts the legal documents, sets her INAMI number, uploads her diploma; an admin approves it', async ({
  page,
  browser,
}) => {
  test.setTimeout(90_000);
  await signUp(page, {
    firstName: 'Marie',
    lastName: 'Dubois',
    email: `marie.${Date.now().toString(36)}@example.be`,
  });

  // Legal gate: the requested page (her dashboard) waits until both documents are accepted.
  await expect(page).toHaveURL(/\/legal\?returnTo=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Avant de continuer' })).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: "Conditions d'utilisation de SOINS+" }),
  ).toBeVisible();
  await expect(page.getByRole('heading', { level: 2, name: 'Politique de confidentialité' })).toBeVisible();
  await expectAccessible(page, 'the legal gate');
  await page.getByRole('button', { name: 'Accepter et continuer' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Cochez chaque case' })).toBeVisible();
  const boxes = page.getByRole('checkbox', { name: /J’ai lu et j’accepte/ });
  await expect(boxes).toHaveCount(2);
  for (const box of await boxes.all()) await box.check();
  await page.getByRole('button', { name: 'Accepter et continuer' }).click();

  // Onboarding: names prefilled from sign-up, profession required, phone checked and normalised.
  await expect(page).toHaveURL(/\/onboarding\?returnTo=/);
  await expect(page.getByRole('heading', { level: 1, name: 'Faisons connaissance' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Prénom' })).toHaveValue('Marie');
  await expect(page.getByRole('textbox', { name: 'Nom', exact: true })).toHaveValue('Dubois');
  const phone = page.getByRole('textbox', { name: 'Téléphone (facultatif)' });
  await phone.fill('12');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(page.getByText('Choisissez votre profession.')).toBeVisible();
  await expect(phone).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page, 'the onboarding form');
  await page.getByRole('radio', { name: 'Infirmier ou infirmière' }).check();
  await phone.fill('0470 12 34 56');
  await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();

  // Profile: INAMI number.
  await page
    .getByRole('navigation', { name: 'Mon espace' })
    .getByRole('link', { name: 'Mon profil' })
    .click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mon profil' })).toBeVisible();
  const inami = page.getByRole('textbox', { name: 'Numéro INAMI' });
  await inami.fill('41234582401');
  await expect(inami).toHaveValue('4-12345-82-401');
  await page.getByRole('button', { name: 'Enregistrer le numéro' }).click();
  await expect(inami).toHaveAttribute('aria-invalid', 'true');
  await expect(inami).toBeFocused();
  await inami.fill('41234581401');
  await page.getByRole('button', { name: 'Enregistrer le numéro' }).click();
  await expect(page.getByText(/Numéro enregistré :/)).toBeVisible();
  await expect(inami).not.toHaveAttribute('aria-invalid', 'true');

  // Diploma: a file too large is refused before sending; a small PDF goes through the scan to "pending review".
  const file = page.getByLabel('Fichier du diplôme');
  await file.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello') });
  await expect(page.getByText('Format non accepté : PDF, JPEG ou PNG uniquement.')).toBeVisible();
  await file.setInputFiles({ name: 'diplome.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByRole('button', { name: 'Envoyer le diplôme' }).click();
  await expect(page.getByText('Votre diplôme est en attente de vérification par notre équipe.')).toBeVisible({
    timeout: 30_000,
  });
  await expectAccessible(page, 'the profile page');

  // An admin approves it.
  const context = await browser.newContext();
  try {
    const admin = await context.newPage();
    await signIn(admin, ADMIN.email);
    await admin.getByRole('link', { name: 'Diplômes à vérifier' }).click();
    await expect(admin).toHaveURL(/\/admin\/diplomas$/);
    await expect(admin.getByRole('heading', { level: 1, name: 'Diplômes à vérifier' })).toBeVisible();
    const rows = admin.getByRole('table').getByRole('row');
    await expect(rows).toHaveCount(2);
    await expectAccessible(admin, 'the diploma review page');
    await admin.getByRole('button', { name: 'Télécharger' }).click();
    await expect(admin.getByRole('link', { name: 'Lien de téléchargement du document' })).toHaveAttribute(
      'rel',
      'noopener noreferrer',
    );
    await admin.getByRole('button', { name: 'Approuver' }).click();
    const dialog = admin.getByRole('dialog', { name: 'Approuver ce diplôme ?' });
    await dialog.getByRole('button', { name: 'Approuver' }).click();
    await expect(admin.getByText('Le diplôme est approuvé.')).toBeVisible();
    await expect(admin.getByRole('heading', { name: 'Aucun diplôme à vérifier' })).toBeVisible();
  } finally {
    await context.close();
  }

  await page.reload();
  await expect(page.getByText('Votre diplôme a été vérifié. Merci !')).toBeVisible();
});
