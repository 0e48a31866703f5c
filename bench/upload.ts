// Course builder upload figures: a ~200 MB video (made by Debian's ffmpeg) sent by the real SPA in Chromium — the
// course builder's uploader, in 4 MiB blocks through a write-only link straight to Azurite — then checked by the
// api; plus Azurite's own ceiling with the Node SDK for comparison.
//
// How each figure is measured:
// - throughput: file size / time from picking the file to the Put Block List request (blocks only), and to the
//   api's verdict shown on screen (end to end: ticket, blocks, commit, header check), in MB/s (1 MB = 2^20 bytes);
// - browser tab: the private memory (RssAnon, /proc: what Chrome's task manager calls the memory footprint) of
//   the page's renderer process — the Chromium process that runs the tab, found with the CDP
//   `SystemInfo.getProcessInfo` — sampled every 100 ms; its resident set (VmRSS, shared libraries included) and
//   V8 heap (CDP `Performance.getMetrics` JSHeapUsedSize) beside it;
// - api: the api bundle loaded alone in a bare Node process (as the Functions worker loads it) for its own
//   private memory (RssAnon), plus how much the local Functions host running it grew (RssAnon, sampled every
//   100 ms) during the upload and its check — the video never goes through the api, only its header is read.
// Needs `npm run build` (the SPA and the api bundle) and ffmpeg; starts the whole local runtime on free ports.
import { chromium, type Page } from '@playwright/test';
import { BlobServiceClient } from '@azure/storage-blob';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { azuriteConnectionString } from '../local/services/azurite';
import { findFreePort, tsNodeCommand } from '../local/lib/service';
import { functionsCoreStub, probeEnvironment } from '../scripts/api-package-probe';

type Record_ = (what: string, value: number, unit: string, budget: number, lowerIsBetter?: boolean) => void;
type Note = (what: string, figure: string) => void;

const MB = 1024 * 1024;
const PASSWORD = 'SoinsDemo-2026!';

interface Memory {
  /** Resident set: everything mapped in RAM, shared libraries and files included. */
  readonly rss: number;
  /** Private anonymous memory (RssAnon): what this process alone costs (Chrome's "memory footprint"). */
  readonly anon: number;
}

function memoryOf(pid: number): Memory {
  try {
    const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
    const field = (name: string): number =>
      Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? '0') / 1024;
    return { rss: field('VmRSS'), anon: field('RssAnon') };
  } catch {
    return { rss: 0, anon: 0 };
  }
}

/** Samples the memory of some processes every 100 ms; the peaks per pid. */
function sampler(pids: () => readonly number[]) {
  const peaks = new Map<number, Memory>();
  const timer = setInterval(() => {
    for (const pid of pids()) {
      const now = memoryOf(pid);
      const peak = peaks.get(pid) ?? { rss: 0, anon: 0 };
      peaks.set(pid, { rss: Math.max(peak.rss, now.rss), anon: Math.max(peak.anon, now.anon) });
    }
  }, 100);
  return {
    peaks,
    stop: () => {
      clearInterval(timer);
    },
  };
}

/** The api bundle (main.ts, every registration) loaded in a bare Node process, as the Functions worker loads it. */
function apiBundleMemory(root: string): Memory {
  const script = `${functionsCoreStub}
    require(process.argv[1]);
    setTimeout(() => {
      const status = require('node:fs').readFileSync('/proc/self/status', 'utf8');
      const field = (name) => Number(status.split('\\n').find((line) => line.startsWith(name + ':')).slice(name.length + 1).trim().split(' ')[0]) / 1024;
      process.stdout.write(JSON.stringify({ rss: field('VmRSS'), anon: field('RssAnon') }));
      process.exit(0);
    }, 1000);`;
  const out = execFileSync(process.execPath, ['-e', script, join(root, 'api', 'dist', 'main.cjs')], {
    env: probeEnvironment(root),
    encoding: 'utf8',
  });
  return JSON.parse(out) as Memory;
}

function makeVideo(dir: string): string {
  const file = join(dir, 'bench-200mb.mp4');
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25:duration=16'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:duration=16'],
    ...['-vf', 'noise=alls=40:allf=t+u', '-c:v', 'libx264', '-preset', 'ultrafast', '-crf', '18'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', file],
  ]);
  return file;
}

/** The whole local runtime on free ports with a throw-away data directory (as the e2e setup does). */
async function startRuntime(root: string, dataDir: string) {
  const names = [
    'SOINS_GATEWAY_PORT',
    'SOINS_FUNCTIONS_PORT',
    'SOINS_AZURITE_BLOB_PORT',
    'SOINS_AZURITE_QUEUE_PORT',
    'SOINS_AZURITE_TABLE_PORT',
    'SOINS_COSMOS_PORT',
    'SOINS_CLAMD_PORT',
    'SOINS_MAIL_PORT',
    'SOINS_STRIPE_PORT',
    'SOINS_IDP_PORT',
  ] as const;
  const ports: Record<string, string> = {};
  for (const name of names) ports[name] = String(await findFreePort());
  const { command, args } = tsNodeCommand(join(root, 'local', 'start.ts'));
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...ports, SOINS_DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`local runtime not ready in 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('SOINS+ is running')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`local runtime exited (${String(code)}):\n${output}`));
    });
  });
  const functionsPort = ports.SOINS_FUNCTIONS_PORT ?? '';
  const hostPid = Number(
    execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
      .split('\n')
      .find((line) => line.includes('functions-host/cli.ts') && line.includes(`--port ${functionsPort}`))
      ?.trim()
      .split(/\s+/)[0] ?? '0',
  );
  return {
    baseUrl: `http://localhost:${ports.SOINS_GATEWAY_PORT ?? ''}`,
    idpOrigin: `https://localhost:${ports.SOINS_IDP_PORT ?? ''}`,
    storage: azuriteConnectionString('127.0.0.1', {
      blob: Number(ports.SOINS_AZURITE_BLOB_PORT),
      queue: Number(ports.SOINS_AZURITE_QUEUE_PORT),
      table: Number(ports.SOINS_AZURITE_TABLE_PORT),
    }),
    hostPid,
    stop: async () => {
      const exited = new Promise<void>((resolve) => {
        child.once('exit', () => {
          resolve();
        });
      });
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    },
  };
}

async function signInAsAdmin(page: Page, baseUrl: string, idpOrigin: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL((url) => url.href.startsWith(idpOrigin) && url.pathname.startsWith('/interaction/'));
  await page.locator('#email').fill('admin@demo.soins.plus');
  await page.locator('#password').fill(PASSWORD);
  await page.locator('form[action$="/login"] button[type="submit"]').click();
  await page.waitForURL((url) => url.href.startsWith(baseUrl) && url.pathname === '/admin');
}

/** A draft with one saved chapter, through the builder's own pages. */
async function draftWithChapter(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/admin/trainings/new`);
  await page.getByLabel('Titre (français)').fill('Banc d’essai des envois');
  await page.getByLabel('Titre (néerlandais)').fill('Proefbank voor uploads');
  await page.getByLabel('Résumé (français)').fill('Mesure.');
  await page.getByLabel('Résumé (néerlandais)').fill('Meting.');
  await page.getByRole('button', { name: 'Créer le brouillon' }).click();
  await page.waitForURL(/\/admin\/trainings\/banc-d-essai-des-envois$/);
  await page.getByRole('button', { name: 'Ajouter un chapitre' }).click();
  await page.getByLabel('Titre du chapitre 1 (français)').fill('Un gros fichier');
  await page.getByLabel('Titre du chapitre 1 (néerlandais)').fill('Een groot bestand');
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByText('Les modifications sont enregistrées.').waitFor();
}

export async function uploadBenches(root: string, record: Record_, note: Note): Promise<void> {
  if (!existsSync(join(root, 'web', 'dist', 'index.html'))) {
    note('course builder upload', 'skipped: run `npm run build` first (the SPA)');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'soins-bench-upload-'));
  const runtime = await startRuntime(root, join(dir, 'data'));
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless=new', '--no-sandbox', '--disable-gpu', '--ignore-certificate-errors'],
  });
  try {
    const video = makeVideo(dir);
    const size = statSync(video).size;
    const context = await browser.newContext({ locale: 'fr-BE', ignoreHTTPSErrors: true });
    const page = await context.newPage();
    await signInAsAdmin(page, runtime.baseUrl, runtime.idpOrigin);
    await draftWithChapter(page, runtime.baseUrl);

    const cdp = await browser.newBrowserCDPSession();
    const info = (await cdp.send('SystemInfo.getProcessInfo')) as {
      processInfo: { type: string; id: number }[];
    };
    const renderers = info.processInfo.filter((p) => p.type === 'renderer').map((p) => p.id);
    const pageCdp = await context.newCDPSession(page);
    await pageCdp.send('Performance.enable');
    let heapPeak = 0;
    const heapTimer = setInterval(() => {
      void pageCdp
        .send('Performance.getMetrics')
        .then(({ metrics }) => {
          const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
          heapPeak = Math.max(heapPeak, used / MB);
        })
        .catch(() => undefined);
    }, 100);
    const tabOf = (peaks: (pid: number) => Memory): Memory => {
      // The tab's renderer: the one that costs the most (an idle spare renderer may exist beside it).
      const all = renderers.map(peaks);
      return all.reduce((a, b) => (b.anon > a.anon ? b : a), { rss: 0, anon: 0 });
    };
    const before = { api: memoryOf(runtime.hostPid), tab: tabOf(memoryOf) };
    const samples = sampler(() => [...renderers, runtime.hostPid]);
    let committedAt = 0;
    page.on('request', (request) => {
      if (request.url().includes('comp=blocklist')) committedAt = performance.now();
    });
    const started = performance.now();
    await page.getByLabel('Vidéo (français) du chapitre 1', { exact: true }).setInputFiles(video);
    await page
      .getByRole('status')
      .filter({ hasText: /Vidéo vérifiée et enregistrée/ })
      .waitFor({ timeout: 600_000 });
    const finished = performance.now();
    samples.stop();
    clearInterval(heapTimer);
    const megabytes = size / MB;
    const mbps = (ms: number): string => `${(megabytes / (ms / 1000)).toFixed(1)} MB/s`;
    note(
      `course builder upload, browser → Azurite in 4 MiB blocks (${megabytes.toFixed(0)} MB video)`,
      mbps(committedAt - started),
    );
    note(
      'course builder upload end to end (ticket, blocks, commit, header check)',
      `${mbps(finished - started)}, ${((finished - started) / 1000).toFixed(1)} s`,
    );
    const tab = tabOf((pid) => samples.peaks.get(pid) ?? { rss: 0, anon: 0 });
    record('browser tab during the upload: renderer private memory (RssAnon) peak', tab.anon, 'MB', 150);
    note(
      'browser tab: renderer RssAnon before / RSS before → peak / V8 heap peak',
      `${before.tab.anon.toFixed(0)} / ${before.tab.rss.toFixed(0)} → ${tab.rss.toFixed(0)} / ${heapPeak.toFixed(1)} MB`,
    );
    const api = samples.peaks.get(runtime.hostPid) ?? { rss: 0, anon: 0 };
    const growth = Math.max(0, api.anon - before.api.anon);
    // The local host process also holds the host itself and the tsx loader; the api alone is its bundle, loaded
    // in a bare Node process as the Functions worker loads it, plus what the upload made the host grow by.
    const bundle = apiBundleMemory(root);
    record(
      'api during the upload and its check: bundle RssAnon + growth during the upload',
      bundle.anon + growth,
      'MB',
      150,
    );
    note(
      'api: bundle loaded alone (RssAnon / RSS); local host RssAnon before → peak',
      `${bundle.anon.toFixed(0)} / ${bundle.rss.toFixed(0)} MB; ${before.api.anon.toFixed(0)} → ${api.anon.toFixed(0)} MB (+${growth.toFixed(1)})`,
    );

    // Azurite's own ceiling: the Node SDK, same block size, 3 blocks in flight like the browser.
    const container = BlobServiceClient.fromConnectionString(runtime.storage).getContainerClient('videos');
    const t = performance.now();
    await container.getBlockBlobClient('bench/node-sdk.mp4').uploadFile(video, {
      blockSize: 4 * MB,
      concurrency: 3,
    });
    note(
      'Azurite ceiling: Node SDK uploadFile, 4 MiB blocks, 3 in flight',
      `${(megabytes / ((performance.now() - t) / 1000)).toFixed(1)} MB/s`,
    );
    await context.close();
  } finally {
    await browser.close();
    await runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
