// The admin operations page: dead letters per queue with re-drive and purge, in French and Dutch,
// accessible, usable at 390 px. The dead letters are put in the local dead-letter store directly (what
// the local Functions host writes when a consumer exhausts its queue's max delivery count).
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { LocalDeadLetterStore } from '../../api/src/adapters/messaging/local-dead-letters';
import { chooseLanguage, env, expectAccessible, signIn } from './helpers';

const ADMIN = 'admin@demo.soins.plus';

/** Azurite's well-known development account on the port the e2e runtime gave it. */
const storage = (): string =>
  'DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;' +
  'AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;' +
  `BlobEndpoint=http://127.0.0.1:${env('SOINS_E2E_AZURITE_BLOB_PORT')}/devstoreaccount1;`;

const letter = (messageId: string) => ({
  messageId,
  // Not a valid email message: once re-driven, the consumer drops it (nothing is sent).
  body: { id: messageId, request: { template: 'welcome' } },
  properties: { soinsLastError: 'Error: email provider_unavailable' },
  deadLetterReason: 'MaxDeliveryCountExceeded',
  deadLetterErrorDescription: 'Message could not be consumed after 5 delivery attempts.',
  enqueuedAt: new Date().toISOString(),
  deadLetteredAt: new Date().toISOString(),
  deliveryCount: 5,
});

test('the admin lists dead letters per queue, re-drives one and purges another', async ({ page }) => {
  const stamp = randomUUID().slice(0, 8);
  const store = LocalDeadLetterStore.fromConnectionString(storage());
  const redriven = `e2e:${stamp}:redrive`;
  const purged = `e2e:${stamp}:purge`;
  await store.add('email', letter(redriven));
  await store.add('certificate-requests', letter(purged));

  await signIn(page, ADMIN);
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Opérations' })
    .click();
  await expect(page).toHaveURL(/\/admin\/operations$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Opérations' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Opérations' })).toHaveAttribute('aria-current', 'page');

  const emails = page.getByRole('table', { name: 'Messages en échec · E-mails' });
  const row = emails.getByRole('row', { name: new RegExp(redriven) });
  await expect(row).toContainText('Toutes les tentatives ont échoué');
  await expect(row).toContainText('Error: email provider_unavailable');
  await expectAccessible(page, 'operations');

  await row.getByRole('button', { name: 'Relancer' }).click();
  await expect(page.getByRole('status').getByText('Le message est relancé.')).toBeVisible();
  await expect(emails.getByRole('row', { name: new RegExp(redriven) })).toHaveCount(0);

  const certificates = page.getByRole('table', { name: 'Messages en échec · Demandes d’attestation' });
  await certificates
    .getByRole('row', { name: new RegExp(purged) })
    .getByRole('button', { name: 'Supprimer' })
    .click();
  const dialog = page.getByRole('dialog', { name: 'Supprimer ce message ?' });
  await expect(dialog).toContainText(purged);
  await dialog.getByRole('button', { name: 'Supprimer' }).click();
  await expect(page.getByRole('status').getByText('Le message est supprimé.')).toBeVisible();
  await expect(page.getByRole('row', { name: new RegExp(purged) })).toHaveCount(0);
});

test('the operations page reads in Dutch and fits a 390 px screen', async ({ page }) => {
  const stamp = randomUUID().slice(0, 8);
  await LocalDeadLetterStore.fromConnectionString(storage()).add(
    'diploma-scan',
    letter(`e2e:${stamp}:${'long-id-'.repeat(8)}`),
  );
  await signIn(page, ADMIN);
  await page.goto('/admin/operations');
  await page.getByRole('banner').getByLabel('Langue').selectOption({ label: 'Nederlands' });
  await expect(page.getByRole('heading', { level: 1, name: 'Operaties' })).toBeVisible();
  await expect(
    page.getByRole('table', { name: 'Mislukte berichten · Controle van diploma’s' }),
  ).toBeVisible();
  await expect(page.getByRole('button', { name: 'Opnieuw verwerken' }).first()).toBeVisible();
  await expectAccessible(page, 'operations (nl)');

  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole('heading', { level: 1, name: 'Operaties' })).toBeVisible();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  // The demo admin's language is stored in her profile: back to French for the next specs.
  await chooseLanguage(page, 'fr');
});
