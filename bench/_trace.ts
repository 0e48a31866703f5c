import { writeFileSync } from 'node:fs';
import { repoRoot } from '../local/lib/service';
import { startRuntimeOnFreePorts, stopRuntime } from '../tests/e2e/global-setup';
const puppeteer = await import('puppeteer-core');
process.env.SOINS_IDP_ACCESS_TTL = '900';
const { runtime } = await startRuntimeOnFreePorts(repoRoot());
const base = runtime.stack.SOINS_E2E_BASE_URL;
const browser = await puppeteer.default.launch({ executablePath: '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu', '--ignore-certificate-errors'] });
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 412, height: 823, isMobile: true, deviceScaleFactor: 1.75 });
  await page.goto(`${base}/`, { waitUntil: 'networkidle0' });
  await page.locator('::-p-aria(Se connecter)').click();
  await page.waitForSelector('#email', { timeout: 30_000 });
  await page.type('#email', 'marie.dubois@demo.soins.plus');
  await page.type('#password', 'SoinsDemo-2026!');
  await page.click('form[action$="/login"] button[type="submit"]');
  await page.waitForFunction(`location.pathname === '/dashboard'`, { timeout: 30_000 });
  for (const path of ['/catalogue', '/learn/hand-hygiene']) {
    const s = await page.createCDPSession();
    await s.send('Network.clearBrowserCache');
    await s.detach();
    await page.goto(`${base}/robots.txt`);
    await page.tracing.start({ path: `/tmp/trace${path.replace(/\//g, '_')}.json`, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'blink', 'toplevel', 'disabled-by-default-v8.compile', 'loading'] });
    await page.goto(`${base}${path}`, { waitUntil: 'networkidle0' });
    await new Promise((r) => setTimeout(r, 1000));
    await page.tracing.stop();
  }
} finally {
  await browser.close();
  await stopRuntime(runtime);
}
