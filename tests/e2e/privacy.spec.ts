// Privacy promises, tried on a 390 px wide screen as a new learner would: she reads the privacy policy from the
// footer while signed out (and the register of processing), creates her account and accepts the documents, sees in
// her profile what she accepted and when, exports her data, watches it being prepared, downloads the ZIP from the
// profile and again from the e-mail's link, and the archive holds her data and its README.
import { expect, test, type Download, type Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { chooseLanguage, expectAccessible, mailsTo, signIn, signUp } from './helpers';

test.use({ viewport: { width: 390, height: 844 } });

async function acceptGates(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/legal\?returnTo=/);
  const boxes = page.getByRole('checkbox', { name: /J’ai lu et j’accepte/ });
  await expect(boxes).toHaveCount(2);
  for (const box of await boxes.all()) await box.check();
  await page.getByRole('button', { name: 'Accepter et continuer' }).click();
  await expect(page).toHaveURL(/\/(dashboard|onboarding)/);
  if (new URL(page.url()).pathname.startsWith('/onboarding')) {
    await page.getByRole('textbox', { name: 'Prénom' }).fill('Amélie');
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill('Lejeune');
    await page.getByRole('radio', { name: 'Infirmier ou infirmière' }).check();
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
  }
}

function entriesOf(download: Download): Promise<Record<string, Uint8Array>> {
  return download.path().then((path) => unzipSync(new Uint8Array(readFileSync(path))));
}

async function noSideScroll(page: Page): Promise<void> {
  const widths = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

test('a learner reads the privacy policy signed out, exports her data and sees what she accepted', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const email = `amelie.${Date.now().toString(36)}@example.be`;

  // Signed out: the footer of the home page leads to the privacy policy and the register.
  await page.goto('/');
  const footer = page.getByRole('contentinfo');
  await footer.getByRole('link', { name: 'Politique de confidentialité' }).click();
  await expect(page).toHaveURL(/\/privacy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Politique de confidentialité' })).toBeVisible();
  const versions = page.getByRole('navigation', { name: 'Toutes les versions' });
  await expect(versions.getByRole('link').first()).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('article')).toContainText('Version');
  await noSideScroll(page);
  await expectAccessible(page, 'the privacy policy, signed out');

  await page.getByRole('contentinfo').getByRole('link', { name: 'Registre des traitements' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Registre des traitements' })).toBeVisible();
  await expect(
    page.getByRole('heading', { level: 2, name: 'Demandes d’accès et de portabilité' }),
  ).toBeVisible();
  await noSideScroll(page);
  await expectAccessible(page, 'the register of processing');

  // Signs up, accepts both documents (the footer is there on the legal gate too).
  await signUp(page, { firstName: 'Amélie', lastName: 'Lejeune', email });
  await expect(
    page.getByRole('contentinfo').getByRole('link', { name: 'Conditions d’utilisation' }),
  ).toBeVisible();
  await acceptGates(page);

  // Her profile shows what she accepted and when, and exports her data.
  // In-app navigation (a reload while the SPA renews its 20-second token could reuse a rotated refresh token);
  // at 390 px the learner's pages are in the header's menu.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await page
    .getByRole('navigation', { name: 'Mon espace' })
    .getByRole('link', { name: 'Mon profil' })
    .click();
  await expect(page).toHaveURL(/\/profile$/);
  const accepted = page.getByRole('region', { name: 'Documents acceptés' });
  await expect(accepted.getByRole('listitem')).toHaveCount(2);
  await expect(accepted).toContainText('Conditions d’utilisation, version');
  await expect(accepted).toContainText('Politique de confidentialité, version');
  await expect(accepted).toContainText('acceptée le');

  const data = page.getByRole('region', { name: 'Mes données' });
  await data.getByRole('button', { name: 'Exporter mes données' }).click();
  await expect(data.getByText('Prête')).toBeVisible({ timeout: 30_000 });
  await expect(data.getByText(/disponible jusqu’au/)).toBeVisible();
  await noSideScroll(page);
  await expectAccessible(page, 'the profile with a ready export');

  const [fromProfile] = await Promise.all([
    page.waitForEvent('download'),
    data.getByRole('button', { name: 'Télécharger l’archive' }).click(),
  ]);
  const entries = await entriesOf(fromProfile);
  expect(Object.keys(entries)).toEqual(
    expect.arrayContaining([
      'README.md',
      'profile.json',
      'consents.json',
      'progress.json',
      'certificates.json',
      'attestations.json',
      'subscription-and-invoices.json',
      'notifications.json',
      'audit.json',
    ]),
  );
  const profile = JSON.parse(new TextDecoder().decode(entries['profile.json'])) as {
    profile: { email: string; firstName: string };
  };
  expect(profile.profile).toMatchObject({ email, firstName: 'Amélie' });
  const consents = JSON.parse(new TextDecoder().decode(entries['consents.json'])) as {
    legalAcceptances: { type: string }[];
  };
  expect(consents.legalAcceptances.map((a) => a.type).sort()).toEqual(['privacy', 'terms']);
  expect(new TextDecoder().decode(entries['README.md'])).toContain('## Nederlands');

  // The e-mail's link (behind sign-in) downloads the same archive. Opened in the running app (a history
  // navigation the router follows), for the same reason as above.
  const [ready] = await mailsTo(email, 'data_export_ready');
  const link = /https?:\/\/\S+\/exports\/[0-9a-f-]{36}/.exec(ready?.TextBody ?? '')?.[0];
  expect(link).toBeDefined();
  const path = new URL(link ?? '').pathname;
  const [fromMail] = await Promise.all([
    page.waitForEvent('download'),
    page.evaluate(
      `window.history.pushState({}, '', ${JSON.stringify(path)}); window.dispatchEvent(new PopStateEvent('popstate'));`,
    ),
  ]);
  expect(Object.keys(await entriesOf(fromMail))).toContain('profile.json');
});

test('an admin reads the register with its data inventory and downloads it as CSV and JSON, in Dutch too', async ({
  page,
}) => {
  // Two axe runs and two downloads: the shared machine's load, not the page, decides the duration.
  test.setTimeout(120_000);
  await signIn(page, 'admin@demo.soins.plus');
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Registre RGPD' })
    .click();
  await expect(page).toHaveURL(/\/admin\/privacy$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Registre des traitements' })).toBeVisible();
  const stores = page.getByRole('table', { name: 'Où sont les données' });
  await expect(stores.getByRole('row', { name: /^exports / })).toContainText(
    '1 jour (tâche privacy-exports-expire)',
  );
  await expect(stores.getByRole('row', { name: /stripe-events/ })).toContainText('Non');
  await noSideScroll(page);
  await expectAccessible(page, 'the admin register');

  const [csv] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger en CSV' }).click(),
  ]);
  const text = readFileSync(await csv.path(), 'utf8');
  expect(text.startsWith('\uFEFFid,Traitement,Finalité,')).toBe(true);
  expect(text).toContain('privacy-requests,Demandes d’accès et de portabilité');
  const [json] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Télécharger en JSON' }).click(),
  ]);
  const register = JSON.parse(readFileSync(await json.path(), 'utf8')) as { stores: { name: string }[] };
  expect(register.stores.map((store) => store.name)).toContain('diplomas-quarantine');

  // At 390 px the language switch is in the header's menu.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('combobox', { name: 'Langue' }).selectOption('nl');
  await expect(page.getByRole('heading', { level: 1, name: 'Register van verwerkingen' })).toBeVisible();
  await expect(page.getByRole('contentinfo').getByRole('link', { name: 'Privacybeleid' })).toBeVisible();
  await expectAccessible(page, 'the admin register in Dutch');

  // The demo admin's language is stored in her profile: back to French for the next specs.
  await chooseLanguage(page, 'fr');
  await expect(page.getByRole('heading', { level: 1, name: 'Registre des traitements' })).toBeVisible();
});
