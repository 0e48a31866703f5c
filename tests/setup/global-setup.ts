// Vitest globalSetup for the integration project: starts Azurite, the Cosmos emulator, clamd, the mail
// sink and the Stripe simulator on free ports with a fresh temporary data directory (so tests never
// collide with a running `npm start` on the default ports), builds the api package once for every api
// stack of the run, provides their coordinates as `inject('emulators')`, and stops them all in teardown.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { findFreePort, type RunningService } from '../../local/lib/service';
import { ensureTlsCertificate, TLS_KEY_FILE } from '../../local/identity/keys';
import { startAzurite } from '../../local/services/azurite';
import { startClamd } from '../../local/services/clamd';
import { startCosmos } from '../../local/services/cosmos';
import { startMailSink } from '../../local/services/mail-sink';
import { startStripeSim } from '../../local/services/stripe-sim';
import { buildApiPackage } from '../../scripts/build-api';
import type { EmulatorEnv } from './emulator-env';

/**
 * Starts a service on free ports, and again on new ones if another process took a port between the check
 * and the listen (EADDRINUSE: several test runs and lanes share this machine).
 */
export async function onFreePorts<T>(count: number, start: (ports: number[]) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    // Picked one after another so the OS hands out distinct ones.
    const ports: number[] = [];
    for (let i = 0; i < count; i++) ports.push(await findFreePort());
    try {
      return await start(ports);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (attempt >= 3 || !/EADDRINUSE|address already in use/i.test(message)) throw error;
    }
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = Date.now();
  const dataDir = mkdtempSync(join(tmpdir(), 'soins-it-'));
  const running: RunningService[] = [];
  const track = <T extends RunningService>(service: T): T => {
    running.push(service);
    return service;
  };
  const stopAll = async (): Promise<void> => {
    await Promise.allSettled(running.splice(0).map((s) => s.stop()));
    if (process.env.SOINS_KEEP_TEST_DATA !== '1') rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    // Test workers are forked after this setup and inherit the variable: Node reads it at start-up.
    const tlsDir = join(dataDir, 'tls');
    const { certPath } = await ensureTlsCertificate(tlsDir);
    process.env.NODE_EXTRA_CA_CERTS = certPath;
    // Start in parallel, with the api build; a failure still leaves every started service tracked for stopAll.
    const apiPackageDir = join(dataDir, 'api');
    const built = buildApiPackage(apiPackageDir).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error : new Error(String(error))),
    );
    const results = await Promise.allSettled([
      onFreePorts(3, ([blobPort = 0, queuePort = 0, tablePort = 0]) =>
        startAzurite({ blobPort, queuePort, tablePort, dataDir: join(dataDir, 'azurite') }),
      ).then(track),
      onFreePorts(1, ([port = 0]) => startCosmos({ port, dataDir: join(dataDir, 'cosmos') })).then(track),
      onFreePorts(1, ([port = 0]) => startClamd({ port, dataDir })).then(track),
      onFreePorts(1, ([port = 0]) => startMailSink({ port, dataDir })).then(track),
      onFreePorts(1, ([port = 0]) => startStripeSim({ port, dataDir })).then(track),
    ]);
    const buildError = await built;
    if (buildError) throw new Error(`Could not build the api package: ${buildError.message}`);
    const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failures.length > 0) {
      throw new Error(
        `Could not start the emulators for integration tests:\n${failures
          .map((f) => `- ${f.reason instanceof Error ? f.reason.message : String(f.reason)}`)
          .join('\n')}`,
      );
    }
    const [azurite, cosmos, clamd, mail, stripe] = results.map(
      (r) => (r as PromiseFulfilledResult<RunningService>).value,
    ) as [
      Awaited<ReturnType<typeof startAzurite>>,
      Awaited<ReturnType<typeof startCosmos>>,
      Awaited<ReturnType<typeof startClamd>>,
      Awaited<ReturnType<typeof startMailSink>>,
      Awaited<ReturnType<typeof startStripeSim>>,
    ];
    const env: EmulatorEnv = {
      storageConnectionString: azurite.connectionString,
      cosmosEndpoint: cosmos.endpoint,
      cosmosKey: cosmos.key,
      clamdHost: clamd.host,
      clamdPort: clamd.port,
      mailSinkUrl: mail.url,
      stripeSimUrl: stripe.url,
      stripeApiKey: 'sk_test_soins_integration',
      apiPackageDir,
      dataDir,
      tls: { certPath, keyPath: join(tlsDir, TLS_KEY_FILE) },
    };
    project.provide('emulators', env);
    if (process.env.SOINS_VERBOSE === '1') {
      process.stdout.write(
        `[global-setup] emulators ready in ${Date.now() - started} ms (data in ${dataDir})\n`,
      );
    }
  } catch (err) {
    await stopAll();
    throw err;
  }
  return stopAll;
}
