// The SPA shell through the gateway: product name, language switch (fr/nl) that persists, security headers,
// deep links served by the navigation fallback, and no console errors (CSP violations included).
import { expect, test, type Page } from '@playwright/test';

const FR_TAGLINE = 'La formation continue des infirmiers et sages-femmes de Belgique.';
const NL_TAGLINE = 'Permanente vorming voor verpleegkundigen en vroedvrouwen in België.';

let consoleErrors: string[] = [];

test.beforeEach(({ page }) => {
  consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => {
    consoleErrors.push(`pageerror: ${error.message}`);
  });
});

test.afterEach(() => {
  expect(consoleErrors, 'console errors and warnings').toEqual([]);
});

/** The value of localStorage `soins.lang` for the app's origin. */
async function storedLanguage(page: Page): Promise<string | undefined> {
  const { origins } = await page.context().storageState();
  const origin = new URL(page.url()).origin;
  return origins.find((o) => o.origin === origin)?.localStorage.find((item) => item.name === 'soins.lang')
    ?.value;
}

async function htmlLang(page: Page): Promise<string | null> {
  return page.locator('html').getAttribute('lang');
}

test('home shows the product name, a main landmark and a skip link, in French by default', async ({
  page,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'SOINS+' })).toBeVisible();
  await expect(page.getByText(FR_TAGLINE, { exact: true })).toBeVisible();
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('banner')).toBeVisible();
  expect(await htmlLang(page)).toBe('fr');
  await expect(page).toHaveTitle('SOINS+ : formation continue');

  // The skip link is the first stop of the keyboard and moves focus to the main landmark.
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Aller au contenu principal' });
  await expect(skip).toBeFocused();
  await expect(skip).toBeVisible();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('main')).toBeFocused();
});

test('switching to Nederlands translates the page, sets <html lang="nl"> and persists on reload', async ({
  page,
}) => {
  await page.goto('/');
  await page.getByLabel('Langue').selectOption({ label: 'Nederlands' });

  await expect(page.getByText(NL_TAGLINE, { exact: true })).toBeVisible();
  await expect(page.getByText(FR_TAGLINE, { exact: true })).toHaveCount(0);
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  await expect(page.getByLabel('Taal')).toHaveValue('nl');
  await expect(page).toHaveTitle('SOINS+: permanente vorming');
  expect(await storedLanguage(page)).toBe('nl');

  await page.reload();
  await expect(page.getByText(NL_TAGLINE, { exact: true })).toBeVisible();
  expect(await htmlLang(page)).toBe('nl');
  await expect(page.getByLabel('Taal')).toHaveValue('nl');

  // And back to French.
  await page.getByLabel('Taal').selectOption({ label: 'Français' });
  await expect(page.getByText(FR_TAGLINE, { exact: true })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'fr');
});

test.describe('with a Dutch-speaking browser', () => {
  test.use({ locale: 'nl-BE' });

  test('the first visit is in Dutch', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByText(NL_TAGLINE, { exact: true })).toBeVisible();
    expect(await htmlLang(page)).toBe('nl');
  });
});

test('responses carry the security headers', async ({ page, request }) => {
  for (const path of ['/', '/foo/bar']) {
    const response = await page.goto(path);
    expect(response, path).not.toBeNull();
    const headers = response?.headers() ?? {};
    expect(response?.status(), path).toBe(200);
    const csp = headers['content-security-policy'] ?? '';
    expect(csp, path).toContain("default-src 'self'");
    expect(csp, path).toContain("script-src 'self'");
    expect(csp, path).toContain("frame-ancestors 'none'");
    expect(csp, path).not.toContain('unsafe-inline');
    expect(headers['x-content-type-options'], path).toBe('nosniff');
    expect(headers['referrer-policy'], path).toBe('strict-origin-when-cross-origin');
    expect(headers['strict-transport-security'], path).toMatch(/max-age=\d+/);
  }
  const asset = await request.get('/favicon.svg');
  expect(asset.headers()['x-content-type-options']).toBe('nosniff');
  const missing = await request.get('/assets/missing.js');
  expect(missing.status()).toBe(404);
});

test('a deep link serves the app, which shows its not-found page inside the frame', async ({ page }) => {
  const response = await page.goto('/foo/bar');
  expect(response?.status()).toBe(200);
  await expect(page.getByRole('heading', { level: 1, name: 'Page introuvable' })).toBeVisible();
  await expect(page.getByText('/foo/bar')).toBeVisible();
  await expect(page.getByRole('banner')).toBeVisible();
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page).toHaveTitle('Page introuvable · SOINS+');

  await page.getByRole('link', { name: "Retour à l'accueil" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { level: 1, name: 'SOINS+' })).toBeVisible();
});
