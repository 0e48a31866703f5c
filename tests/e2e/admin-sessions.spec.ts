// The in-person session flow of issue 13, as the people who live it: the admin schedules a one-seat session
// of the hand hygiene training, two days ahead, and assigns the demo trainer; two new learners
// register from their Sessions page, the second one waits; the admin raises the capacity to two and the
// waiting list moves up at once (her page says so, her e-mail carries the calendar file); before the start
// the demo trainer, on a 390 px phone and in Dutch, sees the sheet read-only (it opens at the start, which
// the spec then brings to 40 s ahead in the stored session rather than wait for it); once
// started, he marks one learner present and the other partial (half the hours) and signs the sheet off;
// each learner's attestation PDF is in the mail outbox with her name and verification code, and verifies
// on the public /verify page, signed out; the admin exports the session's participants as CSV and the
// file parses (UTF-8 BOM, `;`) with the two expected rows.
import { expect, test, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { handHygiene } from '../../local/seed/trainings/hand-hygiene';
import {
  closeToast,
  expectAccessible,
  mailsTo,
  passGates,
  pdfText,
  runtimeCosmos,
  signIn,
  signUp,
} from './helpers';
import { parseExcelCsv } from '../support/csv';
import { brusselsFields } from '../../web/src/features/sessions/brussels-time';

const ADMIN = 'admin@demo.soins.plus';
const TRAINER = { email: 'trainer@demo.soins.plus', name: 'Pieter Claes' };

/** A new French learner with a complete profile (names, profession), on her Sessions page. */
async function newLearner(
  browser: Browser,
  person: { firstName: string; lastName: string; email: string },
): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signUp(page, person);
  await passGates(page, person);
  await page.getByRole('navigation', { name: 'Mon espace' }).getByRole('link', { name: 'Sessions' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Sessions en présentiel' })).toBeVisible();
  return page;
}

/** A day some days ahead, as the admin's date field takes it (YYYY-MM-DD). */
function dayInFuture(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/**
 * The session the admin schedules through the form: two days ahead, 09:00–12:00 Brussels time, 3 accredited
 * hours. Once the registrations and the capacity change (refused after the start) are done, the spec moves
 * it to start in 40 s (`moveSessionStart`) rather than wait for it.
 */
const scheduled = { date: dayInFuture(2), time: '09:00', end: '12:00', hours: 3 } as const;

/**
 * Moves the session held at `place` to start at `startsAt` (same length), where the api stores it (the
 * session and its listings), and returns it: a controlled clock for the wait before the start. The admin
 * form only takes future times, and the api checks every rule against the stored times.
 */
async function moveSessionStart(place: string, startsAt: number): Promise<number> {
  const { client, database } = runtimeCosmos();
  const container = client.database(database).container('training-sessions');
  const { resources: found } = await container.items
    .query<Record<string, unknown> & { id: string; trainerIds: string[] }>({
      query: "SELECT * FROM c WHERE c.kind = 'session' AND c.place = @place",
      parameters: [{ name: '@place', value: place }],
    })
    .fetchAll();
  expect(found, `one session at ${place}`).toHaveLength(1);
  const session = found[0];
  if (!session) throw new Error(`no session at ${place}`);
  const iso = new Date(startsAt).toISOString();
  const length = Date.parse(String(session.endsAt)) - Date.parse(String(session.startsAt));
  await container.items.upsert({
    ...session,
    startsAt: iso,
    endsAt: new Date(startsAt + length).toISOString(),
  });
  for (const partition of ['list:all', ...session.trainerIds.map((id) => `list:trainer:${id}`)]) {
    await container.items.upsert({ id: session.id, startsAt: iso, partition, schemaVersion: 1 });
  }
  return startsAt;
}

test('an admin schedules a session for the demo trainer, the waiting list moves up, the trainer signs off on a phone, the attestations verify and the CSV lists both participants', async ({
  page,
  browser,
}) => {
  test.setTimeout(300_000);
  const stamp = Date.now().toString(36);
  const place = `Bruxelles, salle ${stamp}`;
  const title = { fr: handHygiene.content.title.fr ?? '', nl: handHygiene.content.title.nl ?? '' };
  // Names take letters only: the run's stamp spelled with letters keeps them unique.
  const letters = stamp.replace(/\d/g, (digit) => 'abcdefghij'.charAt(Number(digit)));
  const ana = { firstName: 'Ana', lastName: `Peeters-${letters}`, email: `ana.${stamp}@example.be` };
  const bea = { firstName: 'Béa', lastName: `Lemoine-${letters}`, email: `bea.${stamp}@example.be` };
  const nameOf = (person: { firstName: string; lastName: string }) =>
    `${person.firstName} ${person.lastName}`;

  const decimal = (n: number) => new Intl.NumberFormat('fr-BE', { maximumFractionDigits: 2 }).format(n);

  // Two new learners on their Sessions page, and the demo trainer on a phone, in Dutch.
  const anaPage = await newLearner(browser, ana);
  const beaPage = await newLearner(browser, bea);
  const trainerContext = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const trainer = await trainerContext.newPage();
  await signIn(trainer, TRAINER.email);
  await expect(trainer.getByRole('heading', { level: 1, name: 'Opleidersruimte' })).toBeVisible();

  // The admin schedules a one-seat session two days ahead and assigns the demo trainer.
  await signIn(page, ADMIN);
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Sessions' })
    .click();
  await expect(page).toHaveURL(/\/admin\/sessions$/);
  const form = page.getByRole('region', { name: 'Planifier une session' });
  await form.getByLabel('Formation', { exact: true }).selectOption({ label: title.fr });
  await form.getByLabel('Lieu', { exact: true }).fill(place);
  await form.getByLabel('Nombre de places', { exact: true }).fill('1');
  await form
    .getByRole('group', { name: 'Formateurs et formatrices' })
    .getByRole('checkbox', { name: TRAINER.name })
    .check();
  await form.getByLabel('Date', { exact: true }).fill(scheduled.date);
  await form.getByLabel('Début', { exact: true }).fill(scheduled.time);
  await form.getByLabel('Fin', { exact: true }).fill(scheduled.end);
  await form.getByLabel('Heures accréditées', { exact: true }).fill(String(scheduled.hours));
  await form.getByRole('button', { name: 'Planifier la session' }).click();
  await expect(page.getByRole('status').getByText('Session planifiée.')).toBeVisible();
  const adminRow = page.getByRole('row').filter({ hasText: place });
  await expect(adminRow).toContainText('0/1');

  // Ana takes the seat, Béa joins the waiting list.
  await anaPage.reload();
  const anaCard = anaPage.getByRole('listitem').filter({ hasText: place });
  await anaCard.getByRole('button', { name: /^M’inscrire/ }).click();
  await expect(anaCard.getByText('Inscrit·e', { exact: true })).toBeVisible();
  await beaPage.reload();
  const beaCard = beaPage.getByRole('listitem').filter({ hasText: place });
  await beaCard.getByRole('button', { name: /^Rejoindre la liste d’attente/ }).click();
  await expect(beaCard.getByText('Liste d’attente : position 1')).toBeVisible();

  // The admin raises the capacity: Béa is seated at once (her page, then her e-mail with the calendar file).
  await page.reload();
  await expect(adminRow).toContainText('1/1 (+1)');
  await adminRow.getByRole('button', { name: /^Modifier les places/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Modifier le nombre de places' });
  await dialog.getByLabel('Nombre de places', { exact: true }).fill('2');
  await dialog.getByRole('button', { name: 'Enregistrer les places' }).click();
  await expect(page.getByRole('status').getByText('Nombre de places modifié.')).toBeVisible();
  await expect(adminRow).toContainText('2/2');
  await beaPage.reload();
  await expect(beaCard.getByText('Inscrit·e', { exact: true })).toBeVisible();

  // What must happen before the start is done: rather than wait out the minutes the form needed, the
  // session now starts in 40 s (enough for the read-only checks below).
  const start = await moveSessionStart(place, Math.ceil((Date.now() + 40_000) / 1000) * 1000);

  // Before the start the trainer's sheet is read-only: the participants, the opening time, no marks, no sign-off.
  await trainer.reload();
  await trainer
    .getByRole('row')
    .filter({ hasText: place })
    .getByRole('link', { name: `Aanwezigheidslijst openen: ${title.nl}` })
    .click();
  await expect(trainer).toHaveURL(/\/trainer\/sessions\/s-[a-z0-9-]+$/);
  const sessionId = new URL(trainer.url()).pathname.split('/').pop() ?? '';
  await expect(
    trainer.getByRole('heading', { level: 1, name: `Aanwezigheidslijst — ${title.nl}` }),
  ).toBeVisible();
  expect(Date.now(), 'the steps before the start took too long').toBeLessThan(start);
  const notYet = trainer
    .getByRole('status')
    .filter({ hasText: 'De aanwezigheidslijst gaat open bij het begin' });
  await expect(notYet).toContainText(`om ${brusselsFields(start).time}`);
  await expect(trainer.getByText(nameOf(ana))).toBeVisible();
  await expect(trainer.getByText(nameOf(bea))).toBeVisible();
  await expect(trainer.getByRole('radiogroup')).toHaveCount(0);
  await expect(trainer.getByRole('button', { name: 'Lijst ondertekenen en attesten uitreiken' })).toHaveCount(
    0,
  );
  await expectAccessible(trainer, 'attendance sheet before the start (nl, 390 px)');
  expect(await trainer.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);

  // Meanwhile: Béa's e-mail carries the calendar file; the admin's pages are accessible.
  await expect
    .poll(
      async () =>
        (await mailsTo(bea.email, 'session_registration')).filter((m) =>
          m.Attachments.some((a) => a.ContentType === 'text/calendar'),
        ).length,
      { timeout: 30_000 },
    )
    .toBe(1);
  const calendar = (await mailsTo(bea.email, 'session_registration'))
    .flatMap((m) => m.Attachments)
    .find((a) => a.ContentType === 'text/calendar');
  const ics = await (await fetch(calendar?.url ?? '')).text();
  expect(ics).toContain('METHOD:REQUEST');
  await expectAccessible(page, 'admin sessions');
  await anaPage.context().close();
  await beaPage.context().close();

  // At the start the sheet opens by itself (no reload): Ana present, Béa partial (half the hours), then the sign-off.
  await expect(notYet).toHaveCount(0, { timeout: start - Date.now() + 30_000 });
  await trainer
    .getByRole('radiogroup', { name: `Aanwezigheid van ${nameOf(ana)}` })
    .getByRole('radio', { name: 'Aanwezig' })
    .check();
  await trainer
    .getByRole('radiogroup', { name: `Aanwezigheid van ${nameOf(bea)}` })
    .getByRole('radio', { name: 'Gedeeltelijk' })
    .check();
  await trainer.getByRole('textbox', { name: /^Gevolgde uren/ }).fill(decimal(scheduled.hours / 2));
  await trainer.getByRole('button', { name: 'Aanwezigheden opslaan' }).click();
  await expect(trainer.getByRole('status').getByText('Aanwezigheden opgeslagen.')).toBeVisible();
  await expectAccessible(trainer, 'attendance sheet (nl, 390 px)');
  expect(await trainer.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await trainer.getByRole('button', { name: 'Lijst ondertekenen en attesten uitreiken' }).click();
  await trainer
    .getByRole('dialog')
    .getByRole('button', { name: 'Lijst ondertekenen en attesten uitreiken' })
    .click();
  await expect(trainer.getByText(/Lijst ondertekend op .*2 attesten uitgereikt\./)).toBeVisible({
    timeout: 30_000,
  });
  await expect(trainer.getByText('Attest uitgereikt')).toHaveCount(2);
  await trainerContext.close();

  // Each attestation is in the outbox (PDF with the holder, the training and the code) and verifies.
  const codes = new Map<string, string>();
  for (const person of [ana, bea]) {
    await expect
      .poll(async () => (await mailsTo(person.email, 'attestation_issued')).length, { timeout: 60_000 })
      .toBe(1);
    const [mail] = await mailsTo(person.email, 'attestation_issued');
    const attachment = mail?.Attachments.find((a) => a.ContentType === 'application/pdf');
    expect(attachment?.Name).toBe(`attestation-presence-${sessionId}.pdf`);
    const text = await pdfText(attachment?.url ?? '');
    expect(text).toContain(nameOf(person));
    expect(text.replace(/\s+/g, ' ')).toContain(title.fr);
    expect(text).toContain(TRAINER.name);
    const code = /Code de vérification : ([A-Z2-7]{32})/.exec(text)?.[1];
    expect(code, `the code in ${nameOf(person)}'s attestation`).toBeDefined();
    expect(text).toContain(`/verify/${code ?? ''}`);
    codes.set(person.email, code ?? '');
  }
  const visitor = await browser.newContext();
  try {
    const anonymous = await visitor.newPage();
    for (const [person, hours] of [
      [ana, decimal(scheduled.hours)],
      [bea, decimal(scheduled.hours / 2)],
    ] as const) {
      await anonymous.goto(`/verify/${codes.get(person.email) ?? ''}`);
      await expect(anonymous.getByRole('heading', { level: 2, name: 'Attestation valide' })).toBeVisible();
      await expect(anonymous.getByText(nameOf(person))).toBeVisible();
      await expect(
        anonymous.getByText('Attestation de présence à une formation en présentiel'),
      ).toBeVisible();
      await expect(anonymous.getByText(new RegExp(`\\b${hours}\\s*h`))).toBeVisible();
    }
  } finally {
    await visitor.close();
  }

  // The admin exports the session's participants as CSV: BOM, `;`, one row per participant.
  await page.goto('/admin/reporting');
  const exportForm = page.getByRole('region', { name: 'Nouvel export' });
  await exportForm
    .getByLabel('Rapport', { exact: true })
    .selectOption({ label: 'Participants à une session' });
  // The sessions are offered by name, date and place (newest first); the one just held is chosen by its id.
  await exportForm.getByLabel('Session', { exact: true }).selectOption(sessionId);
  await exportForm.getByLabel('Format', { exact: true }).selectOption({ label: 'CSV (Excel)' });
  await exportForm.getByRole('button', { name: 'Lancer l’export' }).click();
  await closeToast(page, 'L’export est lancé.');
  // This export, not an earlier one of the demo admin (the list may not show the new job yet).
  const job = page
    .getByRole('region', { name: 'Vos exports récents' })
    .getByRole('listitem')
    .filter({ hasText: sessionId })
    .first();
  await expect(job.getByText('Prêt')).toBeVisible({ timeout: 60_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    job.getByRole('button', { name: /Télécharger/ }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/\.csv$/);
  const [header, ...rows] = parseExcelCsv(readFileSync(await download.path()));
  expect(header).toEqual([
    'Nom',
    'Prénom',
    'Profession',
    'Statut',
    'Inscrit·e le',
    'Heures',
    'Code de l’attestation',
  ]);
  const byName = (lastName: string) => rows.find((cells) => cells[0] === lastName);
  expect(rows).toHaveLength(2);
  expect(byName(ana.lastName)?.slice(1, 4)).toEqual([ana.firstName, 'Infirmier·ère', 'Présent·e']);
  expect(byName(ana.lastName)?.[5]).toBe(decimal(scheduled.hours));
  expect(byName(ana.lastName)?.[6]).toBe(codes.get(ana.email));
  expect(byName(bea.lastName)?.[3]).toBe('Présence partielle');
  expect(byName(bea.lastName)?.[5]).toBe(decimal(scheduled.hours / 2));
  expect(byName(bea.lastName)?.[6]).toBe(codes.get(bea.email));
});

test('an admin cancels a session with a reason: the registered learner sees it cancelled and gets the calendar cancellation', async ({
  page,
  browser,
}) => {
  test.setTimeout(180_000);
  const stamp = Date.now().toString(36);
  const letters = stamp.replace(/\d/g, (digit) => 'abcdefghij'.charAt(Number(digit)));
  const place = `Namur, salle ${stamp}`;
  const title = handHygiene.content.title.fr ?? '';
  const eva = { firstName: 'Eva', lastName: `Martin-${letters}`, email: `eva.${stamp}@example.be` };

  await signIn(page, ADMIN);
  await page
    .getByRole('navigation', { name: 'Administration' })
    .getByRole('link', { name: 'Sessions' })
    .click();
  const form = page.getByRole('region', { name: 'Planifier une session' });
  await form.getByLabel('Formation', { exact: true }).selectOption({ label: title });
  await form.getByLabel('Date', { exact: true }).fill(dayInFuture(9));
  await form.getByLabel('Lieu', { exact: true }).fill(place);
  await form
    .getByRole('group', { name: 'Formateurs et formatrices' })
    .getByRole('checkbox', { name: TRAINER.name })
    .check();
  await form.getByRole('button', { name: 'Planifier la session' }).click();
  await expect(page.getByRole('status').getByText('Session planifiée.')).toBeVisible();

  const evaPage = await newLearner(browser, eva);
  const card = evaPage.getByRole('listitem').filter({ hasText: place });
  await card.getByRole('button', { name: /^M’inscrire/ }).click();
  await expect(card.getByText('Inscrit·e', { exact: true })).toBeVisible();

  const row = page.getByRole('row').filter({ hasText: place });
  await page.reload();
  // The reloaded list shows her seat before the admin acts on it.
  await expect(row).toContainText('1/12');
  await row.getByRole('button', { name: /^Annuler la session/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Annuler toute la session' });
  await dialog.getByLabel('Motif (lu par les participant·e·s)').fill('Formatrice malade');
  await dialog.getByRole('button', { name: 'Annuler la session' }).click();
  await expect(page.getByRole('status').getByText('Session annulée.')).toBeVisible();
  await expect(row.getByText('Annulée', { exact: true })).toBeVisible();
  // The admin page (the trainers' checkbox list, the sessions table) reflows on a 390 px screen.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(
    form
      .getByRole('group', { name: 'Formateurs et formatrices' })
      .getByRole('checkbox', { name: TRAINER.name }),
  ).toBeVisible();
  expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
  await expectAccessible(page, 'admin sessions (390 px)');

  await evaPage.reload();
  await expect(card.getByText('Session annulée', { exact: true })).toBeVisible();
  await expect(card.getByText('Motif de l’annulation : Formatrice malade')).toBeVisible();
  await expect(card.getByRole('button')).toBeHidden();
  await expectAccessible(evaPage, 'a cancelled session');
  // Her notifications say it too, with the reason, and lead back to her sessions.
  await evaPage.goto('/notifications');
  const notice = evaPage.getByRole('listitem').filter({ hasText: `La session « ${title} »` });
  await expect(notice.getByText(/ est annulée\. Motif : Formatrice malade$/)).toBeVisible();
  await expect(notice.getByRole('link', { name: 'Voir mes sessions' })).toBeVisible();
  await expect
    .poll(async () => (await mailsTo(eva.email, 'session_cancelled')).length, { timeout: 30_000 })
    .toBe(1);
  const [mail] = await mailsTo(eva.email, 'session_cancelled');
  const calendar = mail?.Attachments.find((a) => a.ContentType === 'text/calendar');
  const ics = await (await fetch(calendar?.url ?? '')).text();
  expect(ics).toContain('METHOD:CANCEL');
  await evaPage.context().close();
});
