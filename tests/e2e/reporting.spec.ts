// The admin reporting page: a CSV export of a training's participants started from the page, its progress
// followed, the file downloaded and parsed (BOM, `;`, the expected rows); a PDF export downloaded too;
// the page in Dutch at 390 px, accessible. The two demo learners are enrolled in the demo training
// through the api's own repository beforehand (what the course page's "M’inscrire" writes).
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { CosmosLearningRepository } from '../../api/src/adapters/cosmos/learning-repository';
import { chooseLanguage, closeToast, expectAccessible, runtimeCosmos, signIn } from './helpers';
import { parseExcelCsv } from '../support/csv';

const ADMIN = 'admin@demo.soins.plus';

// Sign-in, two background exports and their downloads: more than the default 30 s on a shared machine.
test.describe.configure({ timeout: 120_000 });
const LEARNERS = ['marie.dubois@demo.soins.plus', 'jan.peeters@demo.soins.plus'];

test.beforeAll(async () => {
  const { client, database } = runtimeCosmos();
  try {
    const learning = new CosmosLearningRepository(client, database);
    for (const email of LEARNERS) {
      const { resources } = await client
        .database(database)
        .container('users')
        .items.query<string>({
          query: 'SELECT VALUE c.id FROM c WHERE c.email = @email',
          parameters: [{ name: '@email', value: email }],
        })
        .fetchAll();
      const userId = resources[0];
      if (!userId) throw new Error(`demo learner ${email} is not seeded`);
      await learning.createEnrolment({
        userId,
        trainingId: 'hand-hygiene',
        enrolledAt: new Date().toISOString(),
      });
    }
  } finally {
    client.dispose();
  }
});

async function exportAndDownload(page: Page, format: 'CSV (Excel)' | 'PDF'): Promise<Buffer> {
  const form = page.getByRole('region', { name: 'Nouvel export' });
  await form.getByLabel('Rapport', { exact: true }).selectOption({ label: 'Participants à une formation' });
  await form.getByLabel('Formation', { exact: true }).selectOption('hand-hygiene');
  await form.getByLabel('Format', { exact: true }).selectOption({ label: format });
  await form.getByRole('button', { name: 'Lancer l’export' }).click();
  await closeToast(page, 'L’export est lancé.');

  const job = page
    .getByRole('region', { name: 'Vos exports récents' })
    .getByRole('listitem')
    .filter({ hasText: 'Participants à une formation' })
    .filter({ hasText: format === 'PDF' ? 'PDF' : 'CSV' })
    .first();
  await expect(job.getByRole('progressbar', { name: /Progression de l’export/ })).toBeVisible();
  await expect(job.getByText('Prêt')).toBeVisible({ timeout: 60_000 });
  await expect(job.getByRole('progressbar')).toHaveAttribute('value', '100');
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    job.getByRole('button', { name: /Télécharger/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(
    new RegExp(
      `^soins-training-participants-hand-hygiene-\\d{4}-\\d{2}-\\d{2}\\.${format === 'PDF' ? 'pdf' : 'csv'}$`,
    ),
  );
  const path = await download.path();
  return readFileSync(path);
}

test('the admin exports a training’s participants as CSV and PDF and downloads them', async ({ page }) => {
  await signIn(page, ADMIN);
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Rapports' })
    .click();
  await expect(page).toHaveURL(/\/admin\/reporting$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Rapports' })).toBeVisible();

  const [header, ...rows] = parseExcelCsv(await exportAndDownload(page, 'CSV (Excel)'));
  expect(header).toEqual([
    'Nom',
    'Prénom',
    'Profession',
    'Inscrit·e le',
    'Progression (%)',
    'Terminée le',
    'Quiz réussi',
    'Quiz réussi le',
    'Code de l’attestation',
  ]);
  expect(rows.every((cells) => cells.length === 9)).toBe(true);
  const names = rows.map((cells) => `${cells[1] ?? ''} ${cells[0] ?? ''}`);
  expect(names).toEqual(expect.arrayContaining(['Marie Dubois', 'Jan Peeters']));
  const marie = rows.find((cells) => cells[0] === 'Dubois');
  expect(marie?.[3]).toMatch(/^\d{4}-\d{2}-\d{2}$/);

  const pdf = await exportAndDownload(page, 'PDF');
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expectAccessible(page, 'reporting');
});

test('the reporting page reads in Dutch and fits a 390 px screen', async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await signIn(page, ADMIN);
  await page.goto('/admin/reporting');
  // At 390 px the language switch is in the header's menu.
  await page.getByRole('banner').getByRole('button', { name: 'Menu' }).click();
  await page.getByRole('banner').getByLabel('Langue').selectOption({ label: 'Nederlands' });
  await expect(page.getByRole('heading', { level: 1, name: 'Rapporten' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Export starten' })).toBeVisible();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await expectAccessible(page, 'reporting (nl, 390 px)');
  // The demo admin's language is stored in her profile: back to French for the next specs.
  await chooseLanguage(page, 'fr');
});
