// `node --import tsx local/functions-host/cli.ts --port 7071 --bundle api/dist/main.cjs`
// Reads app settings from the environment (the supervisor passes local.settings.json Values).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Composition } from '../../api/src/main';
import { acceptCurrentDocuments, seedLegalDocuments } from '../seed/legal';
import { seedDemoDiplomas } from '../seed/seed-demo-diplomas';
import { DEMO_LEARNER_SUB, seedDemoLearner } from '../seed/seed-demo-learner';
import { readDemoUsers, seedDemoUsers } from '../seed/seed-demo-users';
import { seedTrainings } from '../seed/seed-trainings';
import { seedDemoSession } from '../seed/seed-demo-session';
import { chronicWoundCare } from '../seed/trainings/chronic-wound-care';
import { handHygiene } from '../seed/trainings/hand-hygiene';
import { demoHistorySubject, seedDemoHistory } from '../seed/seed-demo-history';
import { createCosmosClient } from '../../api/src/adapters/cosmos/client';
import { startFunctionsHost } from './host';

const repoRoot = join(import.meta.dirname, '..', '..');
const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '7071' },
    bundle: { type: 'string', default: join(repoRoot, 'api', 'dist', 'main.cjs') },
    'host-json': { type: 'string', default: join(repoRoot, 'host.json') },
    bootstrap: { type: 'boolean', default: false },
    'seed-demo': { type: 'boolean', default: false },
    'no-timers': { type: 'boolean', default: false },
  },
});

const env = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
);

try {
  const host = await startFunctionsHost({
    bundlePath: values.bundle,
    hostJsonPath: values['host-json'],
    env,
    port: Number(values.port),
    scheduleTimers: !values['no-timers'],
    // Resources and demo data exist before the host answers, so "healthy" means usable.
    beforeReady: async (registry) => {
      if (values.bootstrap) await bootstrap(registry.exports);
      if (values['seed-demo']) await seed(registry.exports);
    },
  });
  process.stdout.write(`READY ${host.url}/api\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    void host.stop().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // If the supervisor dies without stopping us (kill -9), do not linger as an orphan holding the port.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop();
  }, 2000).unref();
} catch (error) {
  // A ConfigError lists every bad setting; print it as-is, without a stack trace.
  process.stderr.write(
    `Functions host failed to start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
}

function compositionOf(exported: unknown): Composition | undefined {
  return (exported as { composition?: Composition } | undefined)?.composition;
}

async function seed(exported: unknown): Promise<void> {
  const composition = compositionOf(exported);
  if (!composition) return;
  await seedDemoUsers({
    users: composition.users,
    userIdFor: composition.userIdFor,
    issuer: composition.config.AUTH_ISSUER,
  });
  // Demo learners have reviewed diplomas, so their passes get certificates as any approved learner's do.
  // Marie gets hers below through the real upload, scan and review when the Stripe simulator runs.
  const stripeUrl = composition.config.STRIPE_API_URL;
  await seedDemoDiplomas({
    diplomas: composition.diplomas,
    userIdFor: composition.userIdFor,
    issuer: composition.config.AUTH_ISSUER,
    demoUsers: readDemoUsers().filter((demo) => !(stripeUrl && demo.sub === DEMO_LEARNER_SUB)),
  });
  await seedLegalDocuments(composition.legal);
  await seedTrainings({
    trainings: composition.trainings,
    storageConnectionString: emulatorStorage(composition.config.STORAGE_CONNECTION_STRING),
    invalidate: composition.catalogue.invalidate,
  });
  const issuer = composition.config.AUTH_ISSUER;
  await acceptCurrentDocuments(
    composition,
    readDemoUsers().map((demo) => composition.userIdFor(issuer, demo.sub)),
  );
  const demoId = (sub: string) => composition.userIdFor(issuer, sub);
  await seedDemoSession({
    sessions: composition.sessionsRepository,
    trainings: composition.trainings,
    trainerId: demoId('demo-trainer'),
    learnerIds: [demoId('demo-learner-marie'), demoId('demo-learner-jan')],
    adminId: demoId('demo-admin'),
  });
  const cosmos = createCosmosClient(composition.config);
  try {
    await seedDemoHistory({
      cosmos,
      database: composition.config.COSMOS_DATABASE,
      trainings: composition.trainings,
      certificateRequests: composition.certificateRequests,
      userId: composition.userIdFor(issuer, demoHistorySubject),
    });
  } finally {
    cosmos.dispose();
  }
  // The demo learner's subscription, diploma, trainings and certificate, through the api's use cases and the
  // Stripe simulator (which only runs locally).
  if (!stripeUrl) return;
  const report = await seedDemoLearner({
    journey: composition.journey,
    users: composition.users,
    userId: composition.userIdFor(issuer, DEMO_LEARNER_SUB),
    reviewerId: composition.userIdFor(issuer, 'demo-admin'),
    stripeUrl,
    completed: chronicWoundCare,
    inProgress: handHygiene,
  });
  process.stdout.write(`Demo learner: ${JSON.stringify(report)}\n`);
}

/** Seeding is for the emulators, which always use a connection string (Azure refuses them). */
function emulatorStorage(connectionString: string | undefined): string {
  if (!connectionString) throw new Error('seeding needs STORAGE_CONNECTION_STRING (the Azurite emulator)');
  return connectionString;
}

async function bootstrap(exported: unknown): Promise<void> {
  const composition = compositionOf(exported);
  if (!composition) return;
  // The emulators may still be warming up: retry for a while before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      await composition.bootstrap();
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
}
