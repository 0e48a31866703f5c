// SOINS+ identity end to end: every role signs in through the real MSAL redirect flow (authorization code + PKCE)
// at the local identity provider, lands in its own space in its language, is refused the other spaces (403 page)
// and the other roles' api routes (403); a new learner signs up; the access token is renewed silently after it
// expires (the e2e runtime gives it 20 s); sign-out ends the session; axe finds no serious violations.
//
// Helpers: signing in at the provider, watching the tokens the SPA sends (X-Authorization), calling the api.
import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { CosmosUserRepository } from '../../api/src/adapters/cosmos/user-repository';
import { DEMO_PASSWORD, expectAccessible, idpUrl, runtimeCosmos } from './helpers';
import { chronicWoundCare } from '../../local/seed/trainings/chronic-wound-care';
import { E2E_CHROMIUM } from './stacks';

const DEMO = {
  marie: { email: 'marie.dubois@demo.soins.plus', name: 'Marie Dubois' },
  jan: { email: 'jan.peeters@demo.soins.plus', name: 'Jan Peeters' },
  admin: { email: 'admin@demo.soins.plus', name: 'Sophie Lambert' },
  trainer: { email: 'trainer@demo.soins.plus', name: 'Pieter Claes' },
} as const;

/** True when the page shows the identity provider (not the SPA). */
function isAtProvider(page: Page): boolean {
  return page.url().startsWith(idpUrl());
}

/** Fills the provider's sign-in form (any language) and submits it. */
async function submitProviderSignIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await expect(page).toHaveURL(
    (url) => url.href.startsWith(idpUrl()) && url.pathname.startsWith('/interaction/'),
  );
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(password);
  await page.locator('form[action$="/login"] button[type="submit"]').click();
}

/**
 * From the landing page: the SPA's sign-in button, the provider's form, and back to the SPA, past the callback
 * (unless the callback is expected to stop there, e.g. for a disabled account).
 */
async function signIn(
  page: Page,
  account: { email: string },
  { staysOnCallback = false } = {},
): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await submitProviderSignIn(page, account.email);
  await expect(page).toHaveURL(
    (url) => !url.href.startsWith(idpUrl()) && (staysOnCallback || url.pathname !== '/auth/callback'),
  );
}

interface Token {
  readonly raw: string;
  readonly exp: number;
  readonly sub: string;
}

function decodeToken(raw: string): Token {
  const payload = raw.split('.')[1] ?? '';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as {
    exp: number;
    sub: string;
  };
  return { raw, exp: claims.exp, sub: claims.sub };
}

/** Records every access token the SPA sends to /api, in order (never read from MSAL's storage). */
function watchTokens(page: Page): { readonly all: string[]; last(): Token } {
  const all: string[] = [];
  page.on('request', (request) => {
    if (!new URL(request.url()).pathname.startsWith('/api/')) return;
    const header = request.headers()['x-authorization'];
    if (header?.startsWith('Bearer ')) all.push(header.slice('Bearer '.length));
    expect(request.headers().authorization, 'the SPA never sends Authorization').toBeUndefined();
  });
  return {
    all,
    last() {
      const raw = all.at(-1);
      if (!raw) throw new Error('the SPA has not called the api with a token yet');
      return decodeToken(raw);
    },
  };
}

/** Calls the api through the gateway as the SPA does. */
function apiAs(request: APIRequestContext, token: string) {
  const headers = { 'X-Authorization': `Bearer ${token}`, Accept: 'application/json' };
  return {
    get: (path: string) => request.get(`/api${path}`, { headers }),
    put: (path: string, data?: unknown) => request.put(`/api${path}`, { headers, data }),
    delete: (path: string) => request.delete(`/api${path}`, { headers }),
  };
}

/**
 * Console errors and warnings of the SPA's own pages (the provider's pages are not ours). Chromium logs every
 * non-2xx fetch as "Failed to load resource"; a test that provokes an api error on purpose allows its status.
 */
function watchConsole(page: Page, allowedStatuses: Set<number>): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() !== 'error' && message.type() !== 'warning') return;
    if (isAtProvider(page)) return;
    const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(
      message.text(),
    );
    if (status && allowedStatuses.has(Number(status[1]))) return;
    errors.push(`${message.type()}: ${message.text()} (${page.url()})`);
  });
  page.on('pageerror', (error) => {
    errors.push(`pageerror: ${error.message}`);
  });
  return errors;
}

/** Closes every toast with its close button (they sit over the bottom right of the page for 8 s). */
async function closeToasts(page: Page): Promise<void> {
  const close = page.getByRole('region', { name: 'Notifications' }).getByRole('button', { name: 'Fermer' });
  while ((await close.count()) > 0) await close.first().click();
}

let consoleErrors: string[] = [];
/** Learner profiles named after `term`, one minute apart, written through the api's own repository. */
async function addUsers(count: number, term: string): Promise<void> {
  const { client, database } = runtimeCosmos();
  try {
    const users = new CosmosUserRepository(client, database);
    for (let n = 1; n <= count; n++) {
      const at = new Date(Date.UTC(2026, 0, 1, 0, n)).toISOString();
      const number = String(n).padStart(2, '0');
      await users.create({
        id: `u_${term}${number}`,
        issuer: 'https://e2e.invalid',
        subject: `${term}-${number}`,
        email: `${term}.${number}@example.be`,
        displayName: `Utilisateur ${term} ${number}`,
        roles: ['learner'],
        language: 'fr',
        status: 'active',
        createdAt: at,
        updatedAt: at,
      });
    }
  } finally {
    client.dispose();
  }
}

const allowedStatuses = new Set<number>();

test.beforeEach(({ page }) => {
  allowedStatuses.clear();
  consoleErrors = watchConsole(page, allowedStatuses);
});

test.afterEach(() => {
  expect(consoleErrors, 'console errors and warnings on SOINS+ pages').toEqual([]);
});

test.describe('learner', () => {
  test('Marie signs in, lands in the learner space in French, and is refused the other spaces and routes', async ({
    page,
    request,
  }) => {
    const tokens = watchTokens(page);
    await signIn(page, DEMO.marie);

    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page).toHaveTitle('Mon espace · SOINS+');
    await expect(page.getByRole('banner').getByText('Marie Dubois', { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Mes formations' })).toBeVisible();
    await expect(page.getByText('marie.dubois@demo.soins.plus')).toBeVisible();
    // Her navigation is her space's pages; with one space only, no list of spaces, and no "Rôles : Apprenant".
    const nav = page.getByRole('navigation', { name: 'Mon espace' });
    await expect(nav.getByRole('link')).toHaveText([
      'Accueil',
      'Actualités',
      'Catalogue',
      'Sessions',
      'Mes attestations',
      'Mon profil',
      'Mon abonnement',
    ]);
    await expect(page.getByRole('navigation', { name: 'Navigation principale' })).toHaveCount(0);
    await expect(page.getByText('Rôles', { exact: true })).toHaveCount(0);

    for (const path of ['/admin', '/trainer']) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
      await expect(page).toHaveURL(new RegExp(`${path}$`));
      await expect(page).toHaveTitle('Accès refusé · SOINS+');
    }
    await page.getByRole('link', { name: 'Retour à Mon espace' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);

    const api = apiAs(request, tokens.last().raw);
    const me = await api.get('/me');
    expect(me.status()).toBe(200);
    const profile = (await me.json()) as { id: string };
    expect(profile).toMatchObject({ email: DEMO.marie.email, roles: ['learner'], language: 'fr' });
    for (const path of ['/manage/users', '/trainer/sessions']) {
      const refused = await api.get(path);
      expect(refused.status(), path).toBe(403);
      expect(refused.headers()['content-type']).toContain('application/problem+json');
      expect(await refused.json()).toMatchObject({ code: 'forbidden' });
    }
    const granted = await api.put(`/manage/users/${encodeURIComponent(profile.id)}/roles/admin`);
    expect(granted.status()).toBe(403);

    // Static Web Apps (and the local gateway) drop Authorization: the token only works in X-Authorization.
    const viaAuthorization = await request.get('/api/me', {
      headers: { Authorization: `Bearer ${tokens.last().raw}` },
    });
    expect(viaAuthorization.status()).toBe(401);
  });

  test('Jan signs in from a French browser and lands in the learner space in Dutch, his profile language', async ({
    page,
  }) => {
    await signIn(page, DEMO.jan);
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Hallo Jan Peeters' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.getByLabel('Taal', { exact: true }).first()).toHaveValue('nl');
    await expect(page.getByRole('heading', { level: 2, name: 'Mijn opleidingen' })).toBeVisible();
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Toegang geweigerd' })).toBeVisible();
  });

  test('a new learner creates an account at the provider and lands in the learner space', async ({
    page,
  }) => {
    const email = `nouvelle.${Date.now().toString(36)}@example.be`;
    await page.goto('/');
    await page.getByRole('button', { name: 'Créer un compte' }).click();
    await expect(page).toHaveURL((url) => url.href.startsWith(process.env.SOINS_E2E_IDP_URL ?? '-'));
    await expect(page.getByRole('heading', { level: 1, name: 'Créer un compte' })).toBeVisible();
    await page.locator('#firstName').fill('Lotte');
    await page.locator('#lastName').fill('Janssens');
    await page.locator('#email').fill(email);
    await page.locator('#password').fill('Nouveau-Compte-2026');
    await page.locator('#locale-nl').check();
    await page.locator('form[action$="/signup"] button[type="submit"]').click();

    // A new account first accepts the current terms and privacy policy.
    await expect(page).toHaveURL(/\/legal\?returnTo=/);
    const boxes = page.getByRole('checkbox', { name: /Ik heb gelezen en ga akkoord/ });
    await expect(boxes).toHaveCount(2);
    for (const box of await boxes.all()) await box.check();
    await page.getByRole('button', { name: 'Aanvaarden en verdergaan' }).click();
    // Then tells who she is, in Dutch.
    await expect(page).toHaveURL(/\/onboarding\?returnTo=/);
    await expect(page.getByRole('heading', { level: 1, name: 'Kennismaking' })).toBeVisible();
    await page.getByRole('radio', { name: 'Vroedvrouw' }).check();
    await page.getByRole('button', { name: 'Opslaan en verdergaan' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Hallo Lotte Janssens' })).toBeVisible();
    await expect(page.getByText(email)).toBeVisible();
    // A full navigation while the dashboard still renews its token (e2e access tokens live 20 s, under the
    // 60 s renewal offset) presents the refresh token that renewal rotated: honoured within the grace window.
    await page.goto('/trainer');
    await expect(page.getByRole('heading', { level: 1, name: 'Toegang geweigerd' })).toBeVisible();
  });

  test('the one language switch is stored in the profile and refreshes the page’s content at once', async ({
    page,
    request,
  }) => {
    const tokens = watchTokens(page);
    await signIn(page, DEMO.marie);
    await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
    // One language selector: the header's.
    await expect(page.getByRole('combobox', { name: 'Langue' })).toHaveCount(1);
    // Her trainings (seeded) are titled in French…
    await expect(page.getByRole('heading', { name: 'Soins de plaies chroniques' })).toBeVisible();
    await page.getByRole('banner').getByLabel('Langue').selectOption('nl');
    // …and in Dutch at once, without a reload.
    await expect(page.getByRole('heading', { level: 1, name: 'Hallo Marie Dubois' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Zorg voor chronische wonden' })).toBeVisible();
    await expect
      .poll(
        async () =>
          ((await (await apiAs(request, tokens.last().raw).get('/me')).json()) as { language: string })
            .language,
      )
      .toBe('nl');

    // Back to French from the same switch, which stores it too.
    await page.getByRole('banner').getByLabel('Taal').selectOption('fr');
    await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Soins de plaies chroniques' })).toBeVisible();
    await expect
      .poll(
        async () =>
          ((await (await apiAs(request, tokens.last().raw).get('/me')).json()) as { language: string })
            .language,
      )
      .toBe('fr');
  });
});

test.describe('trainer', () => {
  test('the trainer lands in the trainer space in Dutch and is refused the admin space and routes', async ({
    page,
    request,
  }) => {
    const tokens = watchTokens(page);
    await signIn(page, DEMO.trainer);
    await expect(page).toHaveURL(/\/trainer$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
    await expect(page.getByRole('heading', { level: 1, name: 'Opleidersruimte' })).toBeVisible();
    // The demo session npm start seeds for him (the test runtime seeds it too).
    await expect(page.getByRole('link', { name: /^Aanwezigheidslijst openen/ }).first()).toBeVisible();

    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Toegang geweigerd' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Terug naar Opleidersruimte' })).toBeVisible();

    const api = apiAs(request, tokens.last().raw);
    expect((await api.get('/trainer/sessions')).status()).toBe(200);
    const refused = await api.get('/manage/users');
    expect(refused.status()).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'forbidden' });
  });
});

test.describe('admin', () => {
  test('the admin lands in the admin space and manages roles and accounts with confirmations and toasts', async ({
    page,
  }) => {
    await signIn(page, DEMO.admin);
    await expect(page).toHaveURL(/\/admin$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
    await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();
    const table = page.getByRole('table');
    for (const account of Object.values(DEMO)) await expect(table.getByText(account.email)).toBeVisible();

    // Search, kept in the address.
    await page.getByLabel('Nom ou adresse e-mail').fill('jan');
    await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
    await expect(page).toHaveURL(/\/admin\?q=jan$/);
    await expect(page.getByRole('table', { name: 'Utilisateurs correspondant à « jan »' })).toBeVisible();
    const janRow = page.getByRole('row', { name: /Jan Peeters/ });
    await expect(janRow).toHaveCount(1);

    // Grant, then revoke the trainer role, each after a confirmation.
    await janRow.getByRole('button', { name: 'Donner le rôle Formateur' }).click();
    const dialog = page.getByRole('dialog', { name: 'Donner le rôle Formateur ?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('button', { name: 'Annuler' })).toBeFocused();
    await dialog.getByRole('button', { name: 'Confirmer' }).click();
    await expect(
      page.getByRole('status').getByText('Jan Peeters a maintenant le rôle Formateur.'),
    ).toBeVisible();
    await expect(janRow.getByText('Formateur', { exact: true })).toBeVisible();
    await closeToasts(page);
    await janRow.getByRole('button', { name: 'Retirer le rôle Formateur' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirmer' }).click();
    await expect(page.getByRole('status').getByText('Jan Peeters n’a plus le rôle Formateur.')).toBeVisible();
    await expect(janRow.getByRole('button', { name: 'Donner le rôle Formateur' })).toBeVisible();
    await closeToasts(page);

    // Disable, then enable the account.
    await janRow.getByRole('button', { name: 'Désactiver' }).click();
    await page
      .getByRole('dialog', { name: 'Désactiver ce compte ?' })
      .getByRole('button', { name: 'Confirmer' })
      .click();
    await expect(janRow.getByText('Désactivé', { exact: true })).toBeVisible();
    await expect(page.getByRole('status').getByText('Le compte de Jan Peeters est désactivé.')).toBeVisible();
    await closeToasts(page);
    await janRow.getByRole('button', { name: 'Réactiver' }).click();
    await page
      .getByRole('dialog', { name: 'Réactiver ce compte ?' })
      .getByRole('button', { name: 'Confirmer' })
      .click();
    await expect(page.getByRole('status').getByText('Le compte de Jan Peeters est réactivé.')).toBeVisible();
    await expect(janRow.getByText('Actif', { exact: true })).toBeVisible();
    await closeToasts(page);

    // Escape closes a dialog without doing anything.
    await janRow.getByRole('button', { name: 'Donner le rôle Administrateur' }).click();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(janRow.getByRole('button', { name: 'Donner le rôle Administrateur' })).toBeFocused();

    // An admin is never offered to remove their own admin role nor to disable their own account (the api
    // refuses both too: api/test/authorization.int.test.ts).
    await page.getByRole('button', { name: 'Effacer la recherche' }).click();
    await expect(page).toHaveURL(/\/admin$/);
    const meRow = page.getByRole('row', { name: /Sophie Lambert/ });
    await expect(meRow.getByText('(vous)')).toBeVisible();
    await expect(meRow.getByText('Administrateur', { exact: true })).toBeVisible();
    await expect(meRow.getByRole('button', { name: 'Retirer le rôle Administrateur' })).toHaveCount(0);
    await expect(meRow.getByRole('button', { name: 'Désactiver' })).toHaveCount(0);
    await expect(meRow.getByRole('button', { name: 'Donner le rôle Formateur' })).toBeVisible();

    // The admin may also open the trainer space (the api lets admins call trainer routes).
    await page.goto('/trainer');
    await expect(page.getByRole('heading', { level: 1, name: 'Espace formateur' })).toBeVisible();
  });

  test('the users list pages with the continuation token, keeping the search', async ({ page }) => {
    // More users than a page (25) matching one search, stored as the api stores them (its repository,
    // so the admin directory has them too): the list itself comes from the api, page after page.
    const term = `pagination${Date.now().toString(36)}`;
    await addUsers(28, term);
    const seen: { q: string | null; token: string | null; auth: string | undefined }[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!url.pathname.startsWith('/api/') || !url.pathname.endsWith('/users')) return;
      if (url.searchParams.get('q') !== term) return;
      seen.push({
        q: url.searchParams.get('q'),
        token: url.searchParams.get('continuationToken'),
        auth: request.headers()['x-authorization'],
      });
    });
    await signIn(page, DEMO.admin);
    await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();
    await page.goto(`/admin?q=${term}`);
    const rows = page.getByRole('table').locator('tbody tr');
    await expect(rows).toHaveCount(25);
    await expect(page.getByText('25 utilisateurs affichés')).toBeVisible();
    await page.getByRole('button', { name: 'Afficher plus d’utilisateurs' }).click();
    await expect(rows).toHaveCount(28);
    await expect(page.getByText('28 utilisateurs affichés')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Afficher plus d’utilisateurs' })).toHaveCount(0);
    await expect(rows.first()).toContainText(`Utilisateur ${term} 28`);
    await expect(rows.last()).toContainText(`Utilisateur ${term} 01`);
    expect(seen.map(({ q, token }) => ({ q, hasToken: token !== null }))).toEqual([
      { q: term, hasToken: false },
      { q: term, hasToken: true },
    ]);
    expect(seen.every((request) => request.auth?.startsWith('Bearer '))).toBe(true);
  });

  test('a signed-out visitor opening a protected page signs in and returns to it', async ({ page }) => {
    await page.goto('/admin?q=marie');
    await submitProviderSignIn(page, DEMO.admin.email);
    await expect(page).toHaveURL(/\/admin\?q=marie$/);
    await expect(page.getByLabel('Nom ou adresse e-mail')).toHaveValue('marie');
    await expect(page.getByRole('row', { name: /Marie Dubois/ })).toHaveCount(1);
  });
});

test('a disabled account signs in and sees why it cannot go further', async ({ page, browser, request }) => {
  const tokens = watchTokens(page);
  await signIn(page, DEMO.admin);
  await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();
  const admin = apiAs(request, tokens.last().raw);
  const list = (await (await admin.get('/manage/users?q=jan.peeters')).json()) as { items: { id: string }[] };
  const janId = list.items[0]?.id ?? '';
  expect(janId).not.toBe('');
  const status = (value: string) =>
    request.put(`/api/manage/users/${encodeURIComponent(janId)}/status`, {
      headers: { 'X-Authorization': `Bearer ${tokens.last().raw}` },
      data: { status: value },
    });
  expect((await status('disabled')).status()).toBe(200);
  const context = await browser.newContext();
  try {
    const janPage = await context.newPage();
    const janConsole = watchConsole(janPage, new Set([403]));
    await signIn(janPage, DEMO.jan, { staysOnCallback: true });
    await expect(janPage).toHaveURL(/\/auth\/callback$/);
    await expect(janPage.getByRole('heading', { level: 1, name: 'Une erreur est survenue' })).toBeVisible();
    await expect(janPage.getByText('Ce compte est désactivé. Contactez l’équipe SOINS+.')).toBeVisible();
    await expect(janPage.getByRole('button', { name: 'Se déconnecter' }).first()).toBeVisible();
    expect(janConsole).toEqual([]);
  } finally {
    await context.close();
    expect((await status('active')).status()).toBe(200);
  }
});

test('cancelling at the provider comes back with a clear message and a way to try again', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL((url) => isAtProvider(page) && url.pathname.startsWith('/interaction/'));
  await page.locator('form[action$="/abort"] button[type="submit"]').click();
  await expect(page).toHaveURL(/\/auth\/callback/);
  await expect(page.getByRole('heading', { level: 1, name: 'La connexion a échoué' })).toBeVisible();
  await page.getByRole('button', { name: 'Réessayer de se connecter' }).click();
  await submitProviderSignIn(page, DEMO.marie.email);
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
});

test('locally, a provider certificate the browser does not trust gets a message saying what to do', async ({
  playwright,
  baseURL,
}) => {
  // A browser without --ignore-certificate-errors, like a developer's on the first `npm start`.
  const strict = await playwright.chromium.launch({
    executablePath: E2E_CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu'],
  });
  try {
    // Explicit: contexts created in a test inherit the config's `use` options (ignoreHTTPSErrors: true).
    const context = await strict.newContext({
      ...(baseURL ? { baseURL } : {}),
      locale: 'fr-BE',
      ignoreHTTPSErrors: false,
    });
    const page = await context.newPage();
    await page.goto('/');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await expect(page.getByRole('heading', { name: 'La connexion a échoué' })).toBeVisible();
    await expect(page.getByText(/acceptez son certificat auto-signé/)).toBeVisible();
    await expect(page.getByRole('link', { name: process.env.SOINS_E2E_IDP_URL ?? '-' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Se connecter' })).toBeEnabled();
  } finally {
    await strict.close();
  }
});

test('the access token is renewed silently after it expires', async ({ page, request }) => {
  test.setTimeout(90_000);
  const tokens = watchTokens(page);
  const refreshes: number[] = [];
  page.on('request', (request) => {
    if (
      request.method() === 'POST' &&
      new URL(request.url()).href.split('?')[0] === `${process.env.SOINS_E2E_IDP_URL ?? '-'}/token` &&
      (request.postData() ?? '').includes('grant_type=refresh_token')
    )
      refreshes.push(Date.now());
  });
  await signIn(page, DEMO.marie);
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
  const first = tokens.last();
  const lifetime = first.exp - Math.floor(Date.now() / 1000);
  expect(lifetime, 'the e2e runtime shortens the access token life').toBeLessThanOrEqual(60);

  // Wait until the first token has expired. (The api still accepts it for its 30 s clock-skew tolerance, so
  // "expired" is checked against the token's own exp, not against a 401.)
  await page.waitForTimeout(Math.max(0, (first.exp + 1) * 1000 - Date.now()));
  expect(first.exp * 1000).toBeLessThan(Date.now());

  const sent = tokens.all.length;
  await page
    .getByRole('navigation', { name: 'Mon espace' })
    .getByRole('link', { name: 'Mes attestations' })
    .click();
  await expect(page.getByRole('heading', { level: 1, name: 'Mes attestations et mes heures' })).toBeVisible();
  await expect.poll(() => tokens.all.length).toBeGreaterThan(sent);
  const renewed = tokens.last();
  expect(renewed.raw).not.toBe(first.raw);
  expect(renewed.sub).toBe(first.sub);
  expect(renewed.exp).toBeGreaterThan(Math.floor(Date.now() / 1000));
  // Renewed with the (rotating) refresh token, after the first token expired.
  expect(refreshes.some((at) => at > first.exp * 1000)).toBe(true);
  expect((await apiAs(request, renewed.raw).get('/me')).status()).toBe(200);
  // No interaction was needed: the page never left the SPA.
  await expect(page).toHaveURL(/\/certificates$/);
});

test('a page load of a signed-in tab calls the api with the token the tab kept, and MSAL only when needed', async ({
  page,
}) => {
  // A refused kept token is logged by Chromium as a failed resource before the SPA renews it.
  allowedStatuses.add(401);
  const tokens = watchTokens(page);
  const msalLoads: string[] = [];
  page.on('request', (request) => {
    if (/\/assets\/msal-auth-[^/]+\.js$/.test(new URL(request.url()).pathname)) msalLoads.push(request.url());
  });
  const greeting = page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' });
  await signIn(page, DEMO.marie);
  await expect(greeting).toBeVisible();
  await page.waitForLoadState('networkidle');
  const issued = tokens.last();
  // The e2e provider's tokens live 20 s, under the 60 s renewal offset, so the SPA never keeps one itself: keep the
  // one it holds as it keeps a longer-lived one (the api accepts it for 30 s past its exp). The SPA is unloaded first
  // (a static file of the same origin), so no renewal still under way in it can overwrite what is kept here.
  const keepThenOpenDashboard = async (value: string): Promise<number> => {
    await page.goto('/favicon.svg');
    await page.evaluate(
      `sessionStorage.setItem('soins.token', ${JSON.stringify(
        JSON.stringify({
          value,
          renewAt: Date.now() + 120_000,
          account: { name: DEMO.marie.name, username: DEMO.marie.email },
        }),
      )})`,
    );
    msalLoads.length = 0;
    const sent = tokens.all.length;
    await page.goto('/dashboard');
    await expect(greeting).toBeVisible();
    return sent;
  };

  const sent = await keepThenOpenDashboard(issued.raw);
  await expect(page.getByRole('button', { name: 'Se déconnecter' })).toBeVisible();
  expect(tokens.all.length).toBeGreaterThan(sent);
  expect(new Set(tokens.all.slice(sent))).toEqual(new Set([issued.raw]));
  expect(msalLoads, 'MSAL is not loaded on the way to the page').toEqual([]);

  // A kept token the api refuses: it is sent, MSAL loads and renews it, and the page opens all the same.
  const beforeRefused = await keepThenOpenDashboard('refused.kept.token');
  expect(tokens.all.slice(beforeRefused)).toContain('refused.kept.token');
  await expect.poll(() => tokens.all.at(-1)).not.toBe('refused.kept.token');
  expect(tokens.last().sub).toBe(issued.sub);
  expect(msalLoads.length).toBeGreaterThan(0);

  // Signing out forgets it.
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/' && !isAtProvider(page));
  expect(await page.evaluate(`sessionStorage.getItem('soins.token')`)).toBeNull();
});

test('a signed-in learner’s page asks for its data beside the sign-in checks, not after them', async ({
  page,
}) => {
  const tokens = watchTokens(page);
  await signIn(page, DEMO.marie);
  await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
  await page.waitForLoadState('networkidle');
  const issued = tokens.last();
  // The profile answers late: the page's data must not wait for it.
  await page.route(
    (url) => url.pathname === '/api/me',
    async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      await route.continue();
    },
  );
  const firstAsked = new Map<string, number>();
  const firstAnswered = new Map<string, number>();
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (!firstAsked.has(path)) firstAsked.set(path, Date.now());
  });
  page.on('response', (response) => {
    const path = new URL(response.url()).pathname;
    if (!firstAnswered.has(path)) firstAnswered.set(path, Date.now());
  });
  const open = async (path: string): Promise<void> => {
    firstAsked.clear();
    firstAnswered.clear();
    await page.goto(path);
  };

  // The catalogue's list is public.
  await open('/catalogue');
  await expect(page.getByRole('heading', { name: 'Soins de plaies chroniques' })).toBeVisible();
  expect(firstAsked.get('/api/catalogue')).toBeLessThan(firstAnswered.get('/api/me') ?? 0);

  // A course page, in a tab that kept its token (as a longer-lived one is kept, see the test above).
  await page.goto('/favicon.svg');
  await page.evaluate(
    `sessionStorage.setItem('soins.token', ${JSON.stringify(
      JSON.stringify({
        value: issued.raw,
        renewAt: Date.now() + 120_000,
        account: { name: DEMO.marie.name, username: DEMO.marie.email },
      }),
    )})`,
  );
  await open(`/learn/${chronicWoundCare.id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Soins de plaies chroniques' })).toBeVisible();
  expect(firstAsked.get(`/api/me/trainings/${chronicWoundCare.id}`)).toBeLessThan(
    firstAnswered.get('/api/me') ?? 0,
  );
  // The quiz page: the training and the quiz's status.
  await open(`/learn/${chronicWoundCare.id}/quiz`);
  await expect(page.getByRole('heading', { level: 2, name: 'Questionnaire réussi' })).toBeVisible();
  expect(firstAsked.get(`/api/me/trainings/${chronicWoundCare.id}/quiz`)).toBeLessThan(
    firstAnswered.get('/api/me') ?? 0,
  );
  await page.unrouteAll({ behavior: 'ignoreErrors' });
});

test('signing out returns to the landing page and protected pages ask to sign in again', async ({ page }) => {
  await signIn(page, DEMO.trainer);
  await expect(page.getByRole('heading', { level: 1, name: 'Opleidersruimte' })).toBeVisible();
  await page.getByRole('button', { name: 'Afmelden' }).click();
  await expect(page).toHaveURL((url) => url.pathname === '/' && !isAtProvider(page));
  await expect(page.getByRole('button', { name: 'Aanmelden' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Afmelden' })).toHaveCount(0);

  await page.goto('/trainer');
  // The provider's session ended too: its sign-in form is shown again.
  await expect(page).toHaveURL((url) => isAtProvider(page) && url.pathname.startsWith('/interaction/'));
  await expect(page.locator('#password')).toBeVisible();
});

test.describe('accessibility (axe, WCAG 2.2 AA)', () => {
  test('landing page', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('button', { name: 'Se connecter' })).toBeVisible();
    await expectAccessible(page, 'landing');
  });

  test('learner space and the 403 page', async ({ page }) => {
    await signIn(page, DEMO.marie);
    await expect(page.getByRole('heading', { level: 1, name: 'Bonjour Marie Dubois' })).toBeVisible();
    await expectAccessible(page, 'learner dashboard');
    await page.goto('/admin');
    await expect(page.getByRole('heading', { level: 1, name: 'Accès refusé' })).toBeVisible();
    await expectAccessible(page, '403 page');
  });

  test('admin space, with its dialog open', async ({ page }) => {
    await signIn(page, DEMO.admin);
    await expect(page.getByRole('heading', { level: 1, name: 'Utilisateurs' })).toBeVisible();
    await expectAccessible(page, 'admin users');
    await page
      .getByRole('row', { name: /Marie Dubois/ })
      .getByRole('button', { name: 'Désactiver' })
      .click();
    await expect(page.getByRole('dialog')).toBeVisible();
    await expectAccessible(page, 'admin confirmation dialog');
    await page.keyboard.press('Escape');
  });

  test('trainer space on a phone-sized screen', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    await signIn(page, DEMO.trainer);
    await expect(page.getByRole('heading', { level: 1, name: 'Opleidersruimte' })).toBeVisible();
    await expectAccessible(page, 'trainer sessions');
    // Reflow: no horizontal scrolling of the page at 360 px.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  });
});
