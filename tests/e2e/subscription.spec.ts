// SOINS+ subscription end to end: a new learner signs up, completes her profile (INAMI number, diploma pending
// review), meets the subscription call to action on her dashboard, chooses the monthly plan, is declined once on the
// Stripe simulator's hosted Checkout, pays, and finds her subscription active with an invoice; the welcome,
// subscription and diploma emails reach the mail sink. Microsoft Clarity is stubbed (page.route on
// https://www.clarity.ms): it loads only after consent, only in the learner space, and counts the conversion once.
// Shared helpers in helpers.ts.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { expectAccessible, mailsTo, passGates, signIn, signUp } from './helpers';

const ADMIN_EMAIL = 'admin@demo.soins.plus';

/** Records every request to Clarity and answers the tag with a stub that records `clarity(...)` calls. */
async function stubClarity(context: BrowserContext): Promise<string[]> {
  const requests: string[] = [];
  await context.route(
    (url) => url.hostname === 'clarity.ms' || url.hostname.endsWith('.clarity.ms'),
    async (route) => {
      const url = new URL(route.request().url());
      requests.push(url.href);
      if (url.hostname !== 'www.clarity.ms' || !url.pathname.startsWith('/tag/')) {
        await route.fulfill({ status: 204 });
        return;
      }
      await route.fulfill({
        contentType: 'application/javascript',
        body: `(function () {
          var queued = (window.clarity && window.clarity.q) || [];
          window.__clarityCalls = queued.slice();
          window.clarity = function () { window.__clarityCalls.push(Array.prototype.slice.call(arguments)); };
        })();`,
      });
    },
  );
  return requests;
}

function clarityCalls(page: Page): Promise<unknown[][]> {
  // A string expression: the specs are typed without the DOM library.
  return page.evaluate<unknown[][]>('window.__clarityCalls ?? []');
}

async function mailTags(email: string): Promise<string[]> {
  return (await mailsTo(email)).map((m) => m.Tag ?? '').sort();
}

/**
 * A valid INAMI number of a nurse no other account holds (one number per account; 41234581401 belongs to the
 * onboarding spec's learner): 4 + five random digits, the mod-97 check number, qualification 401.
 */
function freshInami(): string {
  const firstSix = 400_000 + Math.floor(Math.random() * 100_000);
  const check = 97 - (firstSix % 97);
  return `${String(firstSix)}${String(check).padStart(2, '0')}401`;
}

const pdf = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
  'latin1',
);

test('a new learner subscribes monthly after a declined card; Clarity counts the conversion once', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(180_000);
  const clarityRequests = await stubClarity(context);
  const email = `lotte.${Date.now().toString(36)}@example.be`;
  let userId: string | undefined;
  page.on('response', (response) => {
    if (new URL(response.url()).pathname === '/api/me' && response.request().method() === 'GET') {
      void response
        .json()
        .then((body: { id?: string }) => {
          userId ??= body.id;
        })
        .catch(() => undefined);
    }
  });

  await signUp(page, { firstName: 'Lotte', lastName: 'Janssens', email });
  await passGates(page);

  // Dashboard: the consent banner (nothing loaded before a choice) and the first steps, where the subscription is
  // optional while free trainings exist (no call to action pushing it).
  const banner = page.getByRole('region', { name: 'Mesure d’audience', exact: true });
  await expect(banner).toBeVisible();
  const steps = page.getByRole('region', { name: 'Vos premiers pas' });
  await expect(steps.getByRole('listitem', { name: /Choisir un abonnement/ })).toContainText('Facultatif');
  await expect(page.getByRole('heading', { name: 'Abonnez-vous pour accéder aux formations' })).toHaveCount(
    0,
  );
  await expectAccessible(page, 'the dashboard with the consent banner');
  expect(clarityRequests).toEqual([]);

  // Consent, by keyboard: the tag is requested, consent is passed to Clarity, the banner goes away.
  await banner.getByRole('button', { name: 'Accepter la mesure d’audience' }).focus();
  await page.keyboard.press('Enter');
  await expect(banner).toBeHidden();
  await expect.poll(() => clarityRequests.length).toBe(1);
  expect(clarityRequests[0]).toBe('https://www.clarity.ms/tag/soinse2e');
  await expect.poll(() => clarityCalls(page)).toContainEqual(['consent']);

  // Profile: INAMI number and diploma, as in onboarding.spec.ts.
  await page
    .getByRole('navigation', { name: 'Mon espace' })
    .getByRole('link', { name: 'Mon profil' })
    .click();
  await expect(page).toHaveURL(/\/profile$/);
  const inami = page.getByRole('textbox', { name: 'Numéro INAMI' });
  await inami.fill(freshInami());
  await page.getByRole('button', { name: 'Enregistrer le numéro' }).click();
  await expect(page.getByText(/Numéro enregistré :/)).toBeVisible();
  await page.getByLabel('Fichier du diplôme').setInputFiles({
    name: 'diplome.pdf',
    mimeType: 'application/pdf',
    buffer: pdf,
  });
  await page.getByRole('button', { name: 'Envoyer le diplôme' }).click();
  await expect(page.getByText('Votre diplôme est en attente de vérification par notre équipe.')).toBeVisible({
    timeout: 30_000,
  });

  // The plans with their prices from Stripe.
  await page
    .getByRole('navigation', { name: 'Mon espace' })
    .getByRole('link', { name: 'Mon abonnement' })
    .click();
  await expect(page).toHaveURL(/\/account\/subscription$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Mon abonnement' })).toBeVisible();
  const monthly = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Abonnement mensuel' }) });
  const yearly = page
    .getByRole('listitem')
    .filter({ has: page.getByRole('heading', { name: 'Abonnement annuel' }) });
  await expect(monthly).toContainText(/15,00\s€ par mois/);
  await expect(yearly).toContainText(/150,00\s€ par an/);
  await expect(page.getByRole('region', { name: 'Cookies et mesure d’audience' })).toContainText(
    'Vous avez accepté la mesure d’audience.',
  );
  await expectAccessible(page, 'the plans');

  // Hosted Checkout: a declined card first (nothing happens), then 4242.
  await monthly.getByRole('button', { name: 'Choisir : Abonnement mensuel' }).click();
  await expect(page).toHaveURL(/\/checkout\/cs_/);
  const checkoutUrl = page.url();
  await page.getByLabel('Numéro de carte').fill('4000 0000 0000 0002');
  await page.getByRole('button', { name: 'S’abonner' }).click();
  await expect(page.getByRole('alert')).toHaveText('Votre carte a été refusée. Essayez une autre carte.');
  // Still on the same Checkout session (the form posts to its /pay), nothing charged.
  expect(new URL(page.url()).pathname).toMatch(new RegExp(`^${new URL(checkoutUrl).pathname}(/pay)?$`));
  await page.getByLabel('Numéro de carte').fill('4242 4242 4242 4242');
  await page.getByRole('button', { name: 'S’abonner' }).click();

  // Back on SOINS+: confirmed once the webhook is processed; the conversion is sent once.
  await expect(page).toHaveURL(/\/billing\/success\?session_id=cs_/);
  await expect(page.getByRole('heading', { level: 1, name: 'Votre abonnement est actif' })).toBeVisible({
    timeout: 30_000,
  });
  const conversions = async (): Promise<number> =>
    (await clarityCalls(page)).filter((c) => c[0] === 'event' && c[1] === 'subscription_confirmed').length;
  await expect.poll(conversions).toBe(1);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Votre abonnement est actif' })).toBeVisible();
  await expect.poll(() => clarityCalls(page)).toContainEqual(['consent']);
  expect(await conversions()).toBe(0);

  // The subscription page: active, monthly, with its invoice.
  await page.getByRole('link', { name: 'Voir mon abonnement' }).click();
  await expect(page).toHaveURL(/\/account\/subscription$/);
  const current = page.getByRole('region', { name: 'Votre abonnement' });
  await expect(current).toContainText('Actif');
  await expect(current).toContainText('Abonnement mensuel');
  await expect(current.getByRole('button', { name: 'Gérer le moyen de paiement ou résilier' })).toBeVisible();
  const invoices = page.getByRole('table', { name: 'Vos factures' });
  await expect(invoices.getByRole('row')).toHaveCount(2);
  await expect(invoices).toContainText(/15,00\s€/);
  await expect(invoices).toContainText('Payée');
  const invoiceLink = invoices.getByRole('link', { name: /^Voir la facture/ });
  await expect(invoiceLink).toHaveAttribute('rel', 'noopener noreferrer');
  await expect(invoiceLink).toHaveAttribute('target', '_blank');
  await expectAccessible(page, 'the subscription page');

  // The dashboard's first steps now say the subscription is done; her trainings are still to choose.
  await page.getByRole('navigation', { name: 'Mon espace' }).getByRole('link', { name: 'Accueil' }).click();
  await expect(
    page
      .getByRole('region', { name: 'Vos premiers pas' })
      .getByRole('listitem', { name: /Choisir un abonnement/ }),
  ).toContainText('Fait');
  await expect(page.getByRole('heading', { name: 'Vos formations apparaîtront ici' })).toBeVisible();

  await expect
    .poll(() => mailTags(email), { timeout: 30_000 })
    .toEqual(expect.arrayContaining(['welcome', 'subscription_confirmed']));

  // An admin approves the diploma in another browser: Clarity never loads in the admin space.
  expect(userId).toBeDefined();
  const adminContext = await browser.newContext();
  try {
    const adminClarity = await stubClarity(adminContext);
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN_EMAIL);
    await admin.goto('/admin/diplomas');
    await expect(admin).toHaveURL(/\/admin\/diplomas$/);
    // The review queue names each diploma's learner (name and e-mail).
    const actions = admin.getByRole('group', { name: new RegExp(email.replaceAll('.', '\\.')) });
    await actions.getByRole('button', { name: 'Télécharger' }).click();
    await actions.getByRole('button', { name: 'Approuver' }).click();
    await admin
      .getByRole('dialog', { name: 'Approuver ce diplôme ?' })
      .getByRole('button', { name: 'Approuver' })
      .click();
    await expect(admin.getByText('Le diplôme est approuvé.')).toBeVisible();
    expect(adminClarity).toEqual([]);
  } finally {
    await adminContext.close();
  }
  await expect
    .poll(() => mailTags(email), { timeout: 30_000 })
    .toEqual(expect.arrayContaining(['welcome', 'subscription_confirmed', 'diploma_approved']));
});

test('Clarity: a learner who refuses gets no request; none in the admin space either', async ({
  page,
  context,
  browser,
}) => {
  test.setTimeout(90_000);
  const requests = await stubClarity(context);
  await signUp(page, {
    firstName: 'Lotte',
    lastName: 'Janssens',
    email: `refus.${Date.now().toString(36)}@example.be`,
  });
  await passGates(page);
  const banner = page.getByRole('region', { name: 'Mesure d’audience', exact: true });
  await expect(banner).toBeVisible();
  await banner.getByRole('button', { name: 'Refuser' }).click();
  await expect(banner).toBeHidden();
  await page
    .getByRole('navigation', { name: 'Mon espace' })
    .getByRole('link', { name: 'Mon abonnement' })
    .click();
  await expect(page.getByRole('region', { name: 'Cookies et mesure d’audience' })).toContainText(
    'Vous avez refusé la mesure d’audience.',
  );
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Mon abonnement' })).toBeVisible();
  await expect(page.getByRole('region', { name: 'Mesure d’audience', exact: true })).toBeHidden();
  expect(requests).toEqual([]);

  // The choice can be changed later: accepting from the settings loads Clarity at once.
  await page
    .getByRole('region', { name: 'Cookies et mesure d’audience' })
    .getByRole('button', { name: 'Accepter la mesure d’audience' })
    .click();
  await expect.poll(() => requests.length).toBe(1);

  const adminContext = await browser.newContext();
  try {
    const adminRequests = await stubClarity(adminContext);
    const admin = await adminContext.newPage();
    await signIn(admin, ADMIN_EMAIL);
    await expect(admin).toHaveURL(/\/admin$/);
    await admin.goto('/admin/diplomas');
    await expect(admin.getByRole('heading', { level: 1, name: 'Diplômes à vérifier' })).toBeVisible();
    await expect(admin.getByRole('region', { name: 'Mesure d’audience', exact: true })).toBeHidden();
    expect(adminRequests).toEqual([]);
  } finally {
    await adminContext.close();
  }
});
