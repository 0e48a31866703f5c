// E-mail reminders on a 390 px wide screen: a new learner turns one reminder off in her profile (French),
// switches to Dutch and, after a reload, finds it saved; a tampered unsubscribe link opened signed out shows
// a clear message and a way to the profile.
import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, passGates, signUp } from './helpers';

test.use({ viewport: { width: 390, height: 844 } });

async function noSideScroll(page: Page): Promise<void> {
  const widths = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );
  expect(widths.scroll).toBeLessThanOrEqual(widths.client);
}

test('a learner turns a reminder off in her profile and finds it saved in Dutch', async ({ page }) => {
  test.setTimeout(120_000);
  const email = `lotte.${Date.now().toString(36)}@example.be`;
  await signUp(page, { firstName: 'Lotte', lastName: 'Janssens', email });
  await passGates(page);

  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('banner').getByRole('link', { name: 'Mon profil' }).click();
  await expect(page).toHaveURL(/\/profile$/);

  const section = page.getByRole('region', { name: 'Rappels par e-mail' });
  const idle = section.getByRole('checkbox', {
    name: 'une formation commencée est en pause depuis 14 jours',
  });
  // Every reminder is on by default.
  await expect(section.getByRole('checkbox')).toHaveCount(5);
  for (const box of await section.getByRole('checkbox').all()) await expect(box).toBeChecked();
  await idle.uncheck();
  await section.getByRole('button', { name: 'Enregistrer mes rappels' }).click();
  await expect(page.getByText('Vos préférences de rappel sont enregistrées.')).toBeVisible();
  await noSideScroll(page);
  await expectAccessible(page, 'the reminder switches in the profile');

  // In Dutch, after a full reload: saved.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  // As a person would: the page turns Dutch (its texts arrive first), and the profile keeps the choice.
  const saved = page.waitForResponse(
    (response) =>
      response.request().method() === 'PATCH' &&
      new URL(response.url()).pathname === '/api/me' &&
      response.ok(),
  );
  await page.getByRole('banner').getByRole('combobox', { name: 'Langue' }).selectOption('nl');
  await expect(page.getByRole('region', { name: 'Herinneringen per e-mail' })).toBeVisible();
  await saved;
  await page.reload();
  const dutch = page.getByRole('region', { name: 'Herinneringen per e-mail' });
  await expect(
    dutch.getByRole('checkbox', { name: 'een begonnen opleiding al 14 dagen stilligt' }),
  ).not.toBeChecked();
  await expect(
    dutch.getByRole('checkbox', { name: 'een sessie ter plaatse de volgende dag plaatsvindt' }),
  ).toBeChecked();
  await noSideScroll(page);
  await expectAccessible(page, 'the reminder switches in Dutch');
});

test('a tampered unsubscribe link, opened signed out, says so and leads to the profile', async ({ page }) => {
  await page.goto(`/unsubscribe?token=v1.${'x'.repeat(12)}.${'A'.repeat(43)}`);
  await expect(page.getByRole('heading', { level: 1, name: 'Se désinscrire d’un rappel' })).toBeVisible();
  const problem = page.getByRole('alert').filter({ hasText: 'Lien de désinscription non valable' });
  await expect(problem).toContainText('Ce lien de désinscription n’est pas valide');
  await expect(page.getByRole('link', { name: 'Gérer mes rappels dans mon profil' })).toBeVisible();
  await noSideScroll(page);
  await expectAccessible(page, 'a tampered unsubscribe link');
});
