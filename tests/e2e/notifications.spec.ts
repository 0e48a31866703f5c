// In-app notifications: Marie, whose diploma review and certificate `npm start` seeded through the real use cases,
// sees the unread count on the header's bell, opens the list, follows one (it is marked read), switches to Dutch
// (the sentences and the training's title follow), marks everything read and the count disappears. On a phone the
// bell is in the header's menu, and the page reflows without sideways scrolling.
import { expect, test, type Page } from '@playwright/test';
import { chronicWoundCare } from '../../local/seed/trainings/chronic-wound-care';
import { chooseLanguage, expectAccessible, signIn } from './helpers';

const MARIE = 'marie.dubois@demo.soins.plus';

const bell = (page: Page) =>
  page.getByRole('banner').getByRole('link', { name: /^(Notifications|Meldingen)\b/ });

async function expectNoSideScroll(page: Page, what: string): Promise<void> {
  const widths = await page.evaluate<{ scroll: number; client: number }>(
    '({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })',
  );
  expect(widths.scroll, `horizontal scroll on ${what}`).toBeLessThanOrEqual(widths.client);
}

test('Marie sees her unread notifications, follows one, and marks them all read, in French and in Dutch', async ({
  page,
}) => {
  await signIn(page, MARIE);
  const title = chronicWoundCare.content.title;
  // The seed's certificate is issued in the background: wait until its notification is there.
  await expect(async () => {
    await page.goto('/notifications');
    await expect(page.getByText(`Votre attestation pour « ${title.fr ?? ''} » est prête.`)).toBeVisible({
      timeout: 2_000,
    });
  }).toPass({ timeout: 90_000 });

  await expect(bell(page)).toHaveAccessibleName('Notifications, 2 non lues');
  await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
  await expect(page.getByText('Votre diplôme a été approuvé.')).toBeVisible();
  await expect(page.getByText('2 notifications non lues.')).toBeVisible();
  await expectAccessible(page, 'the notifications page');

  // In Dutch: the sentences, and the training's Dutch title.
  await page.getByRole('banner').getByRole('combobox', { name: 'Langue' }).selectOption('nl');
  await expect(page.getByRole('heading', { level: 1, name: 'Meldingen' })).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName('Meldingen, 2 ongelezen');
  await expect(page.getByText(`Uw attest voor ‘${title.nl ?? ''}’ is klaar.`)).toBeVisible();
  await expectAccessible(page, 'the notifications page in Dutch');

  // Following the diploma's notification marks it read.
  await page.getByRole('link', { name: 'Mijn diploma bekijken' }).click();
  await expect(page).toHaveURL(/\/profile$/);
  await expect(bell(page)).toHaveAccessibleName('Meldingen, 1 ongelezen');

  // Back to the list through the bell: everything read at once, the count disappears.
  await bell(page).click();
  await expect(page).toHaveURL(/\/notifications$/);
  await expect(page.getByText('1 ongelezen melding.')).toBeVisible();
  await page.getByRole('button', { name: 'Alles als gelezen markeren' }).click();
  await expect(page.getByText('Alles is gelezen.')).toBeVisible();
  await expect(bell(page)).toHaveAccessibleName('Meldingen');
  await expect(page.getByRole('button', { name: 'Alles als gelezen markeren' })).toHaveCount(0);

  // Back to French (Marie's language for the other specs): the bell has no count.
  await chooseLanguage(page, 'fr');
  await expect(bell(page)).toHaveAccessibleName('Notifications');
  await expect(page.getByText('Tout est lu.')).toBeVisible();
});

test.describe('on a phone (390 px)', () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test('the bell is in the header’s menu and the list reflows', async ({ page }) => {
    await signIn(page, MARIE);
    const menu = page.getByRole('banner').getByRole('button', { name: 'Menu' });
    await menu.click();
    await expect(menu).toHaveAttribute('aria-expanded', 'true');
    await expect(bell(page)).toBeVisible();
    await bell(page).click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Notifications' })).toBeVisible();
    await expect(page.getByText('Votre diplôme a été approuvé.')).toBeVisible();
    await expectNoSideScroll(page, 'the notifications page');
    await expectAccessible(page, 'the notifications page on a phone');
  });
});
