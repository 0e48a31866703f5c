// Lighthouse (mobile emulation, simulated throttling: its defaults) on the home page, the catalogue, the
// course player and the quiz, served by the whole local runtime (gateway + api + emulators), in Debian's
// Chromium (never a downloaded browser: chrome-launcher is pointed at /usr/bin/chromium). The learner pages
// are audited signed in: the demo learner signs in through the SPA's real MSAL flow in the same tab, and
// Lighthouse keeps that tab's storage (MSAL keeps tokens in sessionStorage). Budgets: performance ≥ 90,
// accessibility ≥ 95; a page below one lists the audits that cost it points.
import { repoRoot } from '../local/lib/service';
import { azuriteConnectionString } from '../local/services/azurite';
import { startRuntimeOnFreePorts, stopRuntime } from '../tests/e2e/global-setup';
import type { Row } from './journey';
import { cpuQuiet, QUIET_IDLE_SHARE } from './cpu-quiet';
import { queuesQuiet } from './queues-quiet';

const CHROMIUM = process.env.CHROME_PATH ?? '/usr/bin/chromium';
/**
 * Audits per page; the median run is reported (LIGHTHOUSE_RUNS=1 for a quick look). Five, as Lighthouse's guide to
 * variability advises: on this machine three runs of one build gave medians 5-8 points apart from one bench to the
 * next.
 */
const LIGHTHOUSE_RUNS = Math.max(1, Number(process.env.LIGHTHOUSE_RUNS ?? 5) || 5);
const LEARNER = { email: 'marie.dubois@demo.soins.plus', password: 'SoinsDemo-2026!' };
/** A free demo training, so the player and the quiz open without a subscription. */
const TRAINING = 'hand-hygiene';

interface AuditResult {
  readonly id: string;
  readonly title: string;
  readonly score: number | null;
  readonly displayValue?: string;
  /** For `layout-shifts`: the elements that moved, with their share of the score. */
  readonly details?: {
    readonly items?: readonly { readonly node?: { readonly selector?: string }; readonly score?: number }[];
  };
}
interface LighthouseResult {
  readonly lhr: {
    readonly finalDisplayedUrl: string;
    readonly runtimeError?: { code?: string; message: string };
    readonly categories: Record<
      string,
      { score: number | null; auditRefs: { id: string; weight: number }[] }
    >;
    readonly audits: Record<string, AuditResult>;
  };
}
type Lighthouse = (
  url: string,
  flags: Record<string, unknown>,
  config: undefined,
  page: unknown,
) => Promise<LighthouseResult | undefined>;

interface PuppeteerPage {
  goto(url: string, options?: { waitUntil?: string; timeout?: number }): Promise<unknown>;
  url(): string;
  waitForSelector(selector: string, options?: { timeout?: number }): Promise<unknown>;
  waitForFunction(fn: string, options?: { timeout?: number }): Promise<unknown>;
  type(selector: string, text: string): Promise<void>;
  click(selector: string): Promise<void>;
  locator(selector: string): { click(): Promise<void> };
  evaluate<T>(fn: string): Promise<T>;
  createCDPSession(): Promise<{ send(method: string): Promise<unknown>; detach(): Promise<void> }>;
}

/** The audits of a category that cost it points, worst first. */
function failingAudits(result: LighthouseResult['lhr'], category: string): string[] {
  const refs = result.categories[category]?.auditRefs ?? [];
  return refs
    .filter((ref) => ref.weight > 0)
    .map((ref) => ({ ref, audit: result.audits[ref.id] }))
    .filter(({ audit }) => audit && audit.score !== null && audit.score < 0.9)
    .sort((a, b) => b.ref.weight * (1 - (b.audit?.score ?? 0)) - a.ref.weight * (1 - (a.audit?.score ?? 0)))
    .map(({ audit }) => `${audit?.id ?? ''}${audit?.displayValue ? ` (${audit.displayValue})` : ''}`);
}

export async function lighthouseBench(rows: Row[]): Promise<void> {
  const { default: lighthouse } = (await import('lighthouse')) as unknown as { default: Lighthouse };
  const chromeLauncher = (await import('chrome-launcher')) as unknown as {
    launch(options: { chromePath: string; chromeFlags: string[] }): Promise<{ port: number; kill(): void }>;
  };
  const puppeteer = (await import('puppeteer-core')) as unknown as {
    default: {
      connect(options: { browserURL: string; defaultViewport: null }): Promise<{
        newPage(): Promise<PuppeteerPage>;
        disconnect(): Promise<void>;
      }>;
    };
  };
  // Access tokens live as long as in Azure (15 min). The e2e default, 20 s, is below MSAL's renewal offset (60 s):
  // every token request then went to the provider, a refresh round trip before each api call that production
  // does not make.
  // The app is served over HTTPS and HTTP/2, as Static Web Apps serves it. Over the gateway's plain HTTP/1.1 the
  // browser opens at most six connections, and a page's dozen route chunks and its api calls queue on them, which
  // Lighthouse then simulates on a slow 4G link (anonymous catalogue, 3 runs each, same minutes: largest contentful
  // paint 2.6-3.1 s over HTTP/1.1, 2.2-2.3 s over HTTP/2).
  const runtimeSettings = { SOINS_IDP_ACCESS_TTL: '900', SOINS_GATEWAY_TLS: '1' };
  const saved = Object.fromEntries(Object.keys(runtimeSettings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, runtimeSettings);
  const { runtime, ports } = await startRuntimeOnFreePorts(repoRoot()).finally(() => {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  });
  // The demo seed leaves background work behind (diploma scans, certificates, e-mails): the audits start once
  // every queue has stayed empty for 2 s, as a visitor arrives at a running site, not at its first minute.
  const settled = await queuesQuiet(
    azuriteConnectionString('127.0.0.1', {
      blob: Number(ports.SOINS_AZURITE_BLOB_PORT),
      queue: Number(ports.SOINS_AZURITE_QUEUE_PORT),
      table: Number(ports.SOINS_AZURITE_TABLE_PORT),
    }),
    { quietMs: 2_000, timeoutMs: 120_000 },
  );
  process.stdout.write(
    settled === undefined
      ? 'lighthouse: the queues were still busy after 2 minutes; auditing anyway\n'
      : `lighthouse: the queues stayed empty for 2 s, ${settled.toFixed(1)} s after the runtime started\n`,
  );
  const base = runtime.stack.SOINS_E2E_BASE_URL;
  const chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The local identity provider's certificate is self-signed.
      '--ignore-certificate-errors',
    ],
  });
  const browser = await puppeteer.default.connect({
    browserURL: `http://127.0.0.1:${chrome.port}`,
    defaultViewport: null,
  });
  try {
    const page = await browser.newPage();
    let busyWaits = 0;
    const dumped = new Map<string, number>();
    const run = async (path: string): Promise<LighthouseResult['lhr'] | undefined> => {
      // Each audit starts on a quiet machine: the previous audit's browser work, the bench's earlier parts and the
      // stack's pollers settle first (the stack alone idles at ~5 % of the CPUs).
      if ((await cpuQuiet()) === undefined) busyWaits++;
      // A cold HTTP cache for every page (the storage, with the signed-in session, is kept).
      const session = await page.createCDPSession();
      await session.send('Network.clearBrowserCache');
      await session.detach();
      const result = await lighthouse(
        `${base}${path}`,
        {
          port: chrome.port,
          output: 'json',
          logLevel: 'error',
          onlyCategories: ['performance', 'accessibility'],
          // Keeps the signed-in tab's sessionStorage (MSAL's token cache) across Lighthouse's navigation.
          disableStorageReset: true,
        },
        undefined,
        page,
      );
      // LIGHTHOUSE_DUMP=<dir> keeps each run's full report (network requests, main-thread tasks) for analysis.
      const dump = process.env.LIGHTHOUSE_DUMP;
      if (dump && result) {
        const { mkdirSync, writeFileSync } = await import('node:fs');
        mkdirSync(dump, { recursive: true });
        // One file per run (its order in the page's runs), to compare a slow run with a quick one.
        const name = path.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '') || 'home';
        const nth = (dumped.get(name) ?? 0) + 1;
        dumped.set(name, nth);
        writeFileSync(`${dump}/${name}-${String(nth)}.json`, JSON.stringify(result.lhr));
      }
      return result?.lhr;
    };
    const runOnce = async (path: string): Promise<LighthouseResult['lhr'] | undefined> => {
      const lhr = await run(path);
      // Lighthouse sometimes loses the navigation in its own trace on a busy machine (NO_NAVSTART, "Please run
      // Lighthouse again"): one more run, as it asks.
      return lhr?.runtimeError?.code === 'NO_NAVSTART' ? run(path) : lhr;
    };
    const audit = async (name: string, path: string): Promise<void> => {
      // Scores vary from run to run, most of all Total Blocking Time on a machine that also runs the whole local
      // stack: as Lighthouse's docs advise, the page is audited several times, and the run with the median
      // performance score is reported (the lower of the two middle ones for an even count).
      const runs: LighthouseResult['lhr'][] = [];
      let failure: string | undefined;
      let failed = 0;
      for (let i = 0; i < LIGHTHOUSE_RUNS; i++) {
        const result = await runOnce(path);
        if (!result || result.runtimeError) {
          failure = result?.runtimeError?.message ?? '—';
          failed++;
        } else runs.push(result);
      }
      const scoreOf = (r: LighthouseResult['lhr'], category: string): number =>
        Math.round((r.categories[category]?.score ?? 0) * 100);
      const sorted = runs.sort((a, b) => scoreOf(a, 'performance') - scoreOf(b, 'performance'));
      const lhr = sorted[Math.floor((sorted.length - 1) / 2)];
      if (!lhr) {
        rows.push({ what: `Lighthouse ${name}`, figure: 'no result', budget: failure ?? '—', ok: false });
        return;
      }
      const scoresOf = (category: string): string =>
        sorted
          .map((r) => scoreOf(r, category))
          .sort((a, b) => a - b)
          .join(', ');
      for (const [category, budget] of [
        ['performance', 90],
        ['accessibility', 95],
      ] as const) {
        const score = scoreOf(lhr, category);
        const failing = score < budget ? failingAudits(lhr, category).slice(0, 6) : [];
        rows.push({
          what: `Lighthouse mobile ${name} (${new URL(lhr.finalDisplayedUrl).pathname}) ${category}`,
          figure: String(score),
          budget: `≥ ${budget} (median of ${String(sorted.length)} runs: ${scoresOf(category)}${failed > 0 ? `; ${String(failed)} run(s) without a result: ${failure ?? '—'}` : ''})${failing.length ? `; failing: ${failing.join(', ')}` : ''}`,
          ok: score >= budget,
        });
      }
      // What slows it down (Lighthouse's opportunities and diagnostics that flag something).
      const diagnostics = [
        'render-blocking-resources',
        'unused-javascript',
        'bootup-time',
        'mainthread-work-breakdown',
        'server-response-time',
        'total-byte-weight',
        'uses-long-cache-ttl',
        'critical-request-chains',
      ]
        .map((id) => lhr.audits[id])
        .filter((a): a is AuditResult => a !== undefined && a.score !== null && a.score < 0.9)
        .map((a) => `${a.id}${a.displayValue ? ` (${a.displayValue})` : ''}`);
      if (diagnostics.length > 0) {
        rows.push({ what: `  ${name} diagnostics`, figure: '', budget: diagnostics.join(', '), ok: true });
      }
      const metrics = [
        'first-contentful-paint',
        'largest-contentful-paint',
        'total-blocking-time',
        'cumulative-layout-shift',
      ]
        .map(
          (id) =>
            `${id
              .replace(/-/g, ' ')
              .replace(/\b(\w)\w+/g, '$1')
              .replace(/ /g, '')
              .toUpperCase()} ${lhr.audits[id]?.displayValue ?? '?'}`,
        )
        .join(', ');
      rows.push({ what: `  ${name} metrics`, figure: '', budget: metrics, ok: true });
      // Which elements moved, when the page shifts (what to give a reserved size).
      const shifts = (lhr.audits['layout-shifts']?.details?.items ?? [])
        .filter((item) => (item.score ?? 0) >= 0.01)
        .slice(0, 3)
        .map((item) => `${item.node?.selector ?? '?'} (${(item.score ?? 0).toFixed(3)})`);
      if (shifts.length > 0) {
        rows.push({ what: `  ${name} layout shifts`, figure: '', budget: shifts.join(', '), ok: true });
      }
    };

    await audit('home', '/');
    // Sign in as the demo learner through the SPA (MSAL redirect to the local provider and back).
    await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
    await page.locator('::-p-aria(Se connecter)').click();
    await page.waitForSelector('#email', { timeout: 30_000 });
    await page.type('#email', LEARNER.email);
    await page.type('#password', LEARNER.password);
    await page.click('form[action$="/login"] button[type="submit"]');
    await page.waitForFunction(
      `location.origin === ${JSON.stringify(base)} && location.pathname === '/dashboard'`,
      {
        timeout: 30_000,
      },
    );
    // Enrolled in the free training, so the player and the quiz show their real content.
    await page.goto(`${base}/catalogue/${TRAINING}`, { waitUntil: 'networkidle0' });
    const enrol = await page.evaluate<boolean>(
      `Boolean([...document.querySelectorAll('button')].find((b) => b.textContent?.includes('inscrire')))`,
    );
    if (enrol) {
      await page.locator('::-p-aria(M’inscrire)').click();
      await page.waitForFunction(`location.pathname.startsWith('/learn/${TRAINING}')`, { timeout: 30_000 });
    }
    await audit('catalogue', '/catalogue');
    await audit('course player', `/learn/${TRAINING}`);
    await audit('quiz', `/learn/${TRAINING}/quiz`);
    if (busyWaits > 0) {
      rows.push({
        what: '  Lighthouse audits started on a busy machine',
        figure: String(busyWaits),
        budget: `the CPUs were never ${String(Math.round(QUIET_IDLE_SHARE * 100))} % idle for a second in the 30 s before these runs: their scores are low`,
        ok: true,
      });
    }
  } finally {
    await browser.disconnect();
    chrome.kill();
    await stopRuntime(runtime);
  }
}
