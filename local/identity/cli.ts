// Runs the local identity provider in the foreground:
//   node --import tsx local/identity/cli.ts --port 8443 --data .data/identity \
//     --spa-origin http://localhost:4280 [--spa-origin ...] [--access-ttl 900] [--refresh-ttl 604800] [--host 127.0.0.1]
// Prints `READY <issuer>` once it serves (then `CA <path of the certificate PEM>`), stops cleanly on
// SIGINT/SIGTERM, and exits non-zero with a one-line reason when it cannot start.
import { assertPortFree } from '../lib/service';
import { USAGE, UsageError, parseArgs } from './cli-args';
import {
  startIdentityProvider,
  type IdentityProviderOptions,
  type RunningIdentityProvider,
} from './provider';

async function main(): Promise<void> {
  let options: IdentityProviderOptions;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`${err.message ? `${err.message}\n` : ''}${USAGE}\n`);
      process.exit(2);
    }
    throw err;
  }

  const state: { service: RunningIdentityProvider | undefined; stopping: boolean } = {
    service: undefined,
    stopping: false,
  };
  const stop = (): void => {
    if (state.stopping) return;
    state.stopping = true;
    const done = state.service ? state.service.stop() : Promise.resolve();
    done.then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`identity: stop failed: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
  };
  // Registered before starting, so a signal during start-up still exits cleanly.
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // When the supervisor dies without signalling us, our stdout pipe breaks: stop then.
  process.stdout.on('error', stop);

  await assertPortFree(options.port, options.host ?? '127.0.0.1', 'identity provider');
  const started = Date.now();
  const service = await startIdentityProvider(options);
  state.service = service;
  if (state.stopping) {
    // A signal arrived while starting: stop() has already resolved without a service.
    await service.stop();
    return;
  }
  process.stdout.write(`READY ${service.issuer}\nCA ${service.caCertPath}\n`);
  if (process.env.SOINS_VERBOSE === '1') {
    process.stdout.write(`identity: started in ${Date.now() - started} ms\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`identity: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
