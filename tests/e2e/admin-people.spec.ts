// The admin space's people, news and audit log end to end, on the demo data: the admin finds Claire Martin (a
// learner with a passed quiz, its certificate, and an exhausted quiz), opens her record, gives her quiz attempts
// back with a reason, revokes her certificate with a reason (the public verification then says revoked), publishes
// a news item that Marie (French) and Jan (Dutch) see on their home page, and finds all of it in the audit log,
// whose CSV export parses. A new legal version starts from the text in force, with a preview.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible, signIn } from './helpers';
import { parseExcelCsv } from '../support/csv';

const ADMIN = 'admin@demo.soins.plus';
const CLAIRE = { email: 'claire.martin@demo.soins.plus', name: 'Claire Martin' };
const MARIE = 'marie.dubois@demo.soins.plus';
const JAN = 'jan.peeters@demo.soins.plus';

/** Closes every toast (they sit over the bottom right of the page for a few seconds). */
async function closeToasts(page: Page): Promise<void> {
  const close = page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Fermer' });
  while ((await close.count()) > 0) await close.first().click();
}

/** The demo certificate is issued by the real workflow after start-up: reload the record until it is listed. */
async function waitForCertificate(page: Page): Promise<void> {
  const table = page.getByRole('table', { name: 'Attestations délivrées' });
  for (let attempt = 0; attempt < 30; attempt++) {
    if ((await table.getByRole('cell', { name: 'Valide' }).count()) > 0) return;
    await page.waitForTimeout(1000);
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: CLAIRE.name })).toBeVisible();
  }
  throw new Error('the demo certificate was not issued');
}

async function learnerHome(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  await expect(page).toHaveURL(/\/dashboard$/);
  return page;
}

test('the admin resets quiz attempts and revokes a certificate from a learner record, publishes news, audits it all', async ({
  page,
  browser,
}) => {
  test.setTimeout(240_000);
  const stamp = Date.now().toString(36);
  const resetReason = `Coupure réseau pendant le test (${stamp})`;
  const revokeReason = `=Fraude constatée (${stamp})`;
  await signIn(page, ADMIN);
  await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();

  // Find her: search and a filter, kept in the address; her name opens the record.
  await page.getByLabel('Nom ou adresse e-mail').fill('claire');
  await page.getByLabel('Rôles').selectOption('learner');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\?q=claire&role=learner$/);
  const row = page.getByRole('row', { name: /Claire Martin/ });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole('cell', { name: 'Aucun abonnement' })).toBeVisible();
  await row.getByRole('link', { name: CLAIRE.name }).click();
  await expect(page).toHaveURL(/\/admin\/users\/u_[\w-]+$/);
  await expect(page.getByRole('heading', { level: 1, name: CLAIRE.name })).toBeVisible();
  await waitForCertificate(page);
  await expect(
    page.getByRole('table', { name: 'Formations suivies et progression' }).getByRole('row'),
  ).toHaveCount(3);
  await expectAccessible(page, 'the learner record');

  // Reset her exhausted quiz: refused without a reason, done with one.
  await page
    .getByRole('button', { name: 'Réinitialiser les tentatives : Soins de plaies chroniques' })
    .click();
  const reset = page.getByRole('dialog', { name: 'Réinitialiser les tentatives ?' });
  await reset.getByRole('button', { name: 'Réinitialiser les tentatives' }).click();
  await expect(reset.getByText('Indiquez un motif d’au moins 3 caractères.')).toBeVisible();
  await expect(reset.getByLabel(/^Motif/)).toBeFocused();
  await reset.getByLabel(/^Motif/).fill(resetReason);
  await reset.getByRole('button', { name: 'Réinitialiser les tentatives' }).click();
  await expect(page.getByRole('status').getByText('Tentatives réinitialisées : 3.')).toBeVisible();
  const wounds = page.getByRole('table', { name: 'Tentatives : Soins de plaies chroniques' });
  await expect(wounds.getByText(resetReason)).toHaveCount(3);
  await expect(
    page.getByRole('button', { name: 'Réinitialiser les tentatives : Soins de plaies chroniques' }),
  ).toHaveCount(0);
  await closeToasts(page);

  // Revoke her certificate: refused without a reason, done with one; public verification says so.
  const certificates = page.getByRole('table', { name: 'Attestations délivrées' });
  const code = (await certificates.locator('code').first().textContent()) ?? '';
  expect(code).toMatch(/^[A-Z2-7]{32}$/);
  await certificates.getByRole('button', { name: /^Révoquer l’attestation/ }).click();
  const revoke = page.getByRole('dialog', { name: 'Révoquer cette attestation ?' });
  await revoke.getByRole('button', { name: 'Révoquer' }).click();
  await expect(revoke.getByText('Indiquez un motif d’au moins 3 caractères.')).toBeVisible();
  await revoke.getByLabel(/^Motif/).fill(revokeReason);
  await revoke.getByRole('button', { name: 'Révoquer' }).click();
  await expect(page.getByRole('status').getByText('L’attestation est révoquée.')).toBeVisible();
  await expect(certificates.getByText(revokeReason, { exact: false })).toBeVisible();
  const history = page.getByRole('table', { name: `Actions du personnel concernant ${CLAIRE.name}` });
  await expect(history.getByRole('row', { name: /Attestation révoquée/ })).toBeVisible();
  await expect(
    history.getByRole('row', { name: /Tentatives de questionnaire réinitialisées/ }),
  ).toBeVisible();
  await closeToasts(page);
  const visitor = await browser.newContext();
  try {
    const anonymous = await visitor.newPage();
    await anonymous.goto(`/verify/${code}`);
    await expect(anonymous.getByRole('heading', { level: 2, name: 'Attestation révoquée' })).toBeVisible();
  } finally {
    await visitor.close();
  }

  // The record reflows on a phone-sized screen (tables scroll inside their own region).
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await page.setViewportSize({ width: 1280, height: 800 });

  // Publish a news item in French and Dutch.
  const nav = page.getByRole('navigation', { name: 'Administration' });
  await nav.getByRole('link', { name: 'Actualités' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Actualités' })).toBeVisible();
  await page.getByRole('button', { name: 'Nouvelle actualité' }).click();
  const form = page.getByRole('region', { name: 'Nouvelle actualité' });
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(form.getByText('Ce champ est obligatoire.')).toHaveCount(4);
  const french = form.getByRole('group', { name: 'Français' });
  const dutch = form.getByRole('group', { name: 'Nederlands' });
  await french.getByLabel('Titre').fill(`Nouvelle formation en ligne ${stamp}`);
  await french.getByLabel('Texte').fill('La formation sur la douleur aiguë est disponible.');
  await dutch.getByLabel('Titre').fill(`Nieuwe opleiding online ${stamp}`);
  await dutch.getByLabel('Texte').fill('De opleiding over acute pijn is beschikbaar.');
  await form.getByRole('button', { name: 'Publier' }).click();
  await expect(page.getByRole('status').getByText('L’actualité est enregistrée.')).toBeVisible();
  const newsRow = page.getByRole('row', { name: new RegExp(`Nouvelle formation en ligne ${stamp}`) });
  await expect(newsRow.getByText('En ligne', { exact: true })).toBeVisible();
  await expectAccessible(page, 'the news editor');
  await closeToasts(page);

  // Marie sees it in French on her home page, Jan in Dutch.
  const marie = await learnerHome(browser, MARIE);
  try {
    const latest = marie.getByRole('region', { name: 'Dernières actualités' });
    await expect(latest.getByRole('heading', { name: `Nouvelle formation en ligne ${stamp}` })).toBeVisible();
    await expectAccessible(marie, 'the learner home with news');
    await latest.getByRole('link', { name: 'Toutes les actualités' }).click();
    await expect(marie.getByRole('heading', { level: 1, name: 'Actualités' })).toBeVisible();
    await expect(marie.getByRole('heading', { name: `Nouvelle formation en ligne ${stamp}` })).toBeVisible();
  } finally {
    await marie.context().close();
  }
  const jan = await learnerHome(browser, JAN);
  try {
    await expect(jan.locator('html')).toHaveAttribute('lang', 'nl');
    const latest = jan.getByRole('region', { name: 'Laatste nieuws' });
    await expect(latest.getByRole('heading', { name: `Nieuwe opleiding online ${stamp}` })).toBeVisible();
    await expect(latest.getByText('De opleiding over acute pijn is beschikbaar.')).toBeVisible();
  } finally {
    await jan.context().close();
  }

  // The audit log lists these actions, filters them, and exports a CSV that parses.
  await nav.getByRole('link', { name: 'Journal d’audit' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Journal d’audit' })).toBeVisible();
  const log = page.getByRole('table', { name: 'Entrées du journal, de la plus récente à la plus ancienne' });
  await expect(log.getByRole('row', { name: /Actualité créée/ }).first()).toBeVisible();
  await expect(
    log.getByRole('row', { name: new RegExp(resetReason.replace(/[()]/g, '\\$&')) }),
  ).toBeVisible();
  await expectAccessible(page, 'the audit log');
  await page.getByLabel('Action', { exact: true }).selectOption('certificate.revoke');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  await expect(page).toHaveURL(/\/admin\/audit\?action=certificate\.revoke$/);
  const revoked = log.getByRole('row', { name: /Attestation révoquée/ });
  await expect(revoked.filter({ hasText: revokeReason })).toHaveCount(1);
  await expect(revoked.filter({ hasText: 'Sophie Lambert' }).first()).toBeVisible();

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter en CSV' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^soins-audit-\d{4}-\d{2}-\d{2}\.csv$/);
  const rows = parseExcelCsv(readFileSync(await file.path()));
  expect(rows[0]?.slice(0, 5)).toEqual(['at', 'actor_id', 'actor_name', 'actor_email', 'action']);
  expect(rows.every((r) => r.length === rows[0]?.length)).toBe(true);
  const exported = rows.find((r) => r[9]?.includes(stamp));
  expect(exported?.[4]).toBe('certificate.revoke');
  expect(exported?.[2]).toBe('Sophie Lambert');
  expect(exported?.[8]).toBe(CLAIRE.name);
  // A reason starting with `=` is neutralised for spreadsheets.
  expect(exported?.[9]).toBe(`'${revokeReason}`);
  await expect(page.getByRole('status').getByText('L’export CSV est téléchargé.')).toBeVisible();
});

test('a new legal version starts from the text in force, with a preview', async ({ page }) => {
  await signIn(page, ADMIN);
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Documents légaux' })
    .click();
  const terms = page.getByRole('region', { name: 'Conditions d’utilisation' });
  await terms
    .getByRole('button', { name: 'Publier une nouvelle version : Conditions d’utilisation' })
    .click();
  await expect(terms.getByText(/part du texte de la version \d+ en vigueur/)).toBeVisible();
  const frenchTitle = terms.getByRole('group', { name: 'Français' }).getByLabel('Titre');
  await expect(frenchTitle).not.toHaveValue('');
  const title = await frenchTitle.inputValue();
  await frenchTitle.fill(`${title} (brouillon)`);
  await terms.getByRole('button', { name: 'Aperçu' }).click();
  await expect(
    terms.getByRole('heading', { name: 'Aperçu tel que les utilisateurs le liront' }),
  ).toBeVisible();
  await expect(terms.getByRole('heading', { name: `${title} (brouillon)` })).toBeVisible();
  await expectAccessible(page, 'the legal preview');
  await terms.getByRole('button', { name: 'Modifier' }).click();
  await expect(frenchTitle).toHaveValue(`${title} (brouillon)`);
  await terms.getByRole('button', { name: 'Annuler' }).click();
});
