// The local runtime end to end, through the gateway as the browser sees it: liveness, readiness that
// names a stopped dependency and recovers, problem+json for bad input, and the api's headers.
import { expect, test } from '@playwright/test';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';

function control(action: 'stop' | 'start', component: 'cosmos'): Promise<number> {
  const dataDir = process.env.SOINS_DATA_DIR;
  if (!dataDir) throw new Error('SOINS_DATA_DIR is not set by the global setup');
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { socketPath: join(dataDir, 'supervisor.sock'), path: `/${action}/${component}`, method: 'POST' },
      (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

test('healthz answers 200 through the gateway with the SPA security headers', async ({ request }) => {
  const response = await request.get('/api/healthz');
  expect(response.status()).toBe(200);
  expect(((await response.json()) as { status: string }).status).toBe('ok');
  expect(response.headers()['x-request-id']).toBeTruthy();
  expect(response.headers()['x-content-type-options']).toBe('nosniff');
});

test('readyz names Cosmos while its emulator is stopped and recovers when it is back', async ({
  request,
}) => {
  expect((await request.get('/api/readyz')).status()).toBe(200);
  expect(await control('stop', 'cosmos')).toBe(200);
  try {
    const down = await request.get('/api/readyz');
    expect(down.status()).toBe(503);
    const body = (await down.json()) as { failing: string[] };
    expect(body.failing).toEqual(['cosmos']);
    expect(JSON.stringify(body)).not.toMatch(/AccountKey|C2y6yDjf5/);
  } finally {
    expect(await control('start', 'cosmos')).toBe(200);
  }
  await expect.poll(async () => (await request.get('/api/readyz')).status(), { timeout: 15_000 }).toBe(200);
});

test('bad input gets localized problem+json, never a 5xx', async ({ request }) => {
  const unknown = await request.get('/api/does-not-exist', { headers: { 'accept-language': 'nl-BE' } });
  expect(unknown.status()).toBe(404);
  expect(unknown.headers()['content-type']).toContain('application/problem+json');
  expect(((await unknown.json()) as { title: string }).title).toBe('Bron niet gevonden');

  const malformed = await request.post('/api/client-errors', {
    headers: { 'content-type': 'application/json' },
    data: Buffer.from('{"message":'),
  });
  expect(malformed.status()).toBe(400);
  expect(((await malformed.json()) as { code: string }).code).toBe('malformed_json');
});
