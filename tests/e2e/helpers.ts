// Helpers shared by the Playwright specs: the e2e environment, signing in and up at the local identity
// provider through the SPA's real MSAL flow, and the axe check every page passes.
import AxeBuilder from '@axe-core/playwright';
import type { CosmosClient } from '@azure/cosmos';
import { expect, type Page } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../local/lib/service';
import { COSMOS_EMULATOR_KEY } from '../../local/services/cosmos';
import type { SeedTraining } from '../../local/seed/trainings';
import { emulatorCosmosClient } from '../support/cosmos';

/** Password of every demo account (local/seed/demo-users.json). */
export const DEMO_PASSWORD = 'SoinsDemo-2026!';

/** A value the e2e global setup puts in the environment (URLs of the runtime it started). */
export function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the specs through the e2e global setup`);
  return value;
}

export const idpUrl = (): string => env('SOINS_E2E_IDP_URL');

/** Signs a demo account in from the French home page; resolves once back in the SPA. */
export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await expect(page).toHaveURL(
    (url) => url.href.startsWith(idpUrl()) && url.pathname.startsWith('/interaction/'),
  );
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(DEMO_PASSWORD);
  await page.locator('form[action$="/login"] button[type="submit"]').click();
  await expect(page).toHaveURL((url) => !url.href.startsWith(idpUrl()) && url.pathname !== '/auth/callback');
}

/** Creates a French learner account at the provider; resolves once back in the SPA. */
export async function signUp(
  page: Page,
  person: { firstName: string; lastName: string; email: string },
): Promise<void> {
  await page.goto('/');
  await page.getByRole('button', { name: 'Créer un compte' }).click();
  await expect(page).toHaveURL((url) => url.href.startsWith(idpUrl()));
  await page.locator('#firstName').fill(person.firstName);
  await page.locator('#lastName').fill(person.lastName);
  await page.locator('#email').fill(person.email);
  await page.locator('#password').fill('Nouvelle-Infirmiere-2026');
  await page.locator('input[name="locale"][value="fr"]').check();
  await page.locator('form[action$="/signup"] button[type="submit"]').click();
  await expect(page).toHaveURL((url) => !url.href.startsWith(idpUrl()) && url.pathname !== '/auth/callback');
}

/**
 * After signing up: accepts both legal documents, then fills the first-visit details page when the learner space
 * asks for it (names, profession); resolves on the dashboard, or on the page the gates were met from.
 */
export async function passGates(
  page: Page,
  person: { firstName: string; lastName: string } = { firstName: 'Lotte', lastName: 'Janssens' },
): Promise<void> {
  await expect(page).toHaveURL(/\/legal\?returnTo=/);
  const boxes = page.getByRole('checkbox', { name: /J’ai lu et j’accepte/ });
  await expect(boxes).toHaveCount(2);
  for (const box of await boxes.all()) await box.check();
  await page.getByRole('button', { name: 'Accepter et continuer' }).click();
  await expect(page).not.toHaveURL(/\/legal/);
  if (new URL(page.url()).pathname.startsWith('/onboarding')) {
    await page.getByRole('textbox', { name: 'Prénom' }).fill(person.firstName);
    await page.getByRole('textbox', { name: 'Nom', exact: true }).fill(person.lastName);
    await page.getByRole('radio', { name: 'Infirmier ou infirmière' }).check();
    await page.getByRole('button', { name: 'Enregistrer et continuer' }).click();
    await expect(page).not.toHaveURL(/\/onboarding/);
  }
}

/** axe on the current page: no serious or critical WCAG 2.x A/AA violations. */
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    // Axe runs in the page itself: the default mode injects axe again into a new blank page to assemble
    // the results, two thirds of the ~60 checks' CPU. What it gives up, cross-origin frames: the SPA embeds none.
    .setLegacyMode(true)
    .analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

/** What the spec touches of an HTMLVideoElement (the specs are type-checked without the DOM library). */
interface VideoLike {
  readyState: number;
  ended: boolean;
  muted: boolean;
  playbackRate: number;
  play(): Promise<void>;
}

/** Plays the player's video to its end, muted (allowed without a gesture) at twice the speed (the api's maximum). */
export async function playToEnd(page: Page): Promise<void> {
  const video = page.locator('video');
  await expect(video).toBeVisible({ timeout: 15_000 });
  await expect
    .poll(() => video.evaluate((element: unknown) => (element as VideoLike).readyState), { timeout: 15_000 })
    .toBeGreaterThanOrEqual(1);
  await video.evaluate(async (element: unknown) => {
    const media = element as VideoLike;
    media.muted = true;
    // Below the api's highest credited rate (2×, wall-clock time × 2): at exactly 2× the watched time the api
    // credits depends on when each report arrives, and a loaded machine leaves a chapter just under 90 %.
    media.playbackRate = 1.5;
    await media.play();
  });
  await expect
    .poll(() => video.evaluate((element: unknown) => (element as VideoLike).ended), { timeout: 30_000 })
    .toBe(true);
}

/**
 * Answers the attempt on screen, question by question, from the seed's bank: rightly, or wrongly (a wrong option
 * only); `skipLast` leaves the last question unanswered.
 */
export async function answerQuiz(
  page: Page,
  training: SeedTraining,
  { right, skipLast = false, lang = 'fr' }: { right: boolean; skipLast?: boolean; lang?: 'fr' | 'nl' },
): Promise<void> {
  const words =
    lang === 'nl'
      ? { of: 'van', step: 'Vraag', next: 'Volgende vraag' }
      : { of: 'sur', step: 'Question', next: 'Question suivante' };
  const step = page.getByRole('heading', {
    level: 2,
    name: new RegExp(`^${words.step} \\d+ ${words.of} \\d+$`),
  });
  await expect(step).toBeVisible();
  const total = Number(new RegExp(`${words.of} (\\d+)`).exec((await step.textContent()) ?? '')?.[1]);
  expect(total).toBe(training.content.quiz.questionsPerAttempt);
  for (let index = 1; index <= total; index++) {
    await expect(step).toHaveText(`${words.step} ${String(index)} ${words.of} ${String(total)}`);
    const prompt = ((await page.locator('fieldset legend').textContent()) ?? '').trim();
    const question = training.questions.find((q) => q.prompt[lang] === prompt);
    expect(question, `question "${prompt}" in the seed`).toBeDefined();
    if (!question) return;
    if (!(skipLast && index === total)) {
      const options = right
        ? question.options.filter((o) => o.correct)
        : [question.options.find((o) => !o.correct) ?? question.options[0]];
      for (const option of options) {
        if (!option) continue;
        const role = question.type === 'single' ? 'radio' : 'checkbox';
        await page.getByRole(role, { name: option.text[lang] ?? '', exact: true }).check();
      }
    }
    if (index < total) await page.getByRole('button', { name: words.next }).click();
  }
}

/**
 * Switches the header's language (from its menu on a phone) and waits until the profile has stored it: a demo
 * account's language outlives the spec and greets the next spec signing in with it on the same runtime.
 */
export async function chooseLanguage(page: Page, language: 'fr' | 'nl'): Promise<void> {
  const banner = page.getByRole('banner');
  const select = banner.getByRole('combobox', { name: /^(Langue|Taal)$/ });
  if (!(await select.isVisible())) await banner.getByRole('button', { name: 'Menu' }).click();
  if ((await select.inputValue()) === language) return;
  const saved = page.waitForResponse(
    (response) => response.request().method() === 'PATCH' && new URL(response.url()).pathname === '/api/me',
  );
  await select.selectOption(language);
  expect((await saved).status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', language);
}

/**
 * A success toast says `text` (French page); it is then closed, as a person would: a toast stays 8 s, and
 * longer while the pointer rests on it, so left open it can cover a button at the bottom of the page or stand
 * beside the same message of the next action.
 */
export async function closeToast(page: Page, text: string): Promise<void> {
  const toast = page.getByRole('status').locator('.toast').filter({ hasText: text }).last();
  await expect(toast).toBeVisible();
  await toast.getByRole('button', { name: 'Fermer' }).click();
  await expect(page.getByRole('status').getByText(text)).toHaveCount(0);
}

/**
 * The runtime's Cosmos emulator and database, as `npm start` picks it (local.settings.json, else the sample),
 * for a spec that writes through the api's own repositories what a page would take minutes to produce.
 */
export function runtimeCosmos(): { readonly client: CosmosClient; readonly database: string } {
  const file = ['local.settings.json', 'local.settings.sample.json']
    .map((name) => join(repoRoot(), name))
    .find((path) => existsSync(path));
  const values = file
    ? (JSON.parse(readFileSync(file, 'utf8')) as { Values?: Record<string, string> }).Values
    : undefined;
  return {
    client: emulatorCosmosClient({
      cosmosEndpoint: process.env.SOINS_E2E_COSMOS_URL ?? 'http://127.0.0.1:8081/',
      cosmosKey: COSMOS_EMULATOR_KEY,
    }),
    database: values?.COSMOS_DATABASE ?? 'soins',
  };
}

/** An e-mail as the runtime's mail sink lists it. */
export interface SentMail {
  readonly id: string;
  readonly Tag?: string;
  readonly Subject?: string;
  readonly TextBody?: string;
  readonly Attachments: readonly {
    readonly Name: string;
    readonly ContentType: string;
    readonly url: string;
  }[];
}

/** The e-mails the runtime's mail sink holds for an address, those of one kind (tag) when given. */
export async function mailsTo(email: string, tag?: string): Promise<SentMail[]> {
  const response = await fetch(`${env('SOINS_E2E_MAIL_URL')}/api/messages?to=${encodeURIComponent(email)}`);
  const mails = (await response.json()) as SentMail[];
  return tag === undefined ? mails : mails.filter((mail) => mail.Tag === tag);
}

/** The text of a PDF (an attached certificate or attestation), read with pdftotext once it is checked to be one. */
export async function pdfText(url: string): Promise<string> {
  const bytes = Buffer.from(await (await fetch(url)).arrayBuffer());
  expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const dir = mkdtempSync(join(tmpdir(), 'soins-pdf-'));
  try {
    const file = join(dir, 'document.pdf');
    writeFileSync(file, bytes);
    return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
