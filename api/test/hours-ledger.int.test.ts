import type { Database } from '@azure/cosmos';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bootstrapManifestContainers } from '../../tests/support/manifest-containers';
import { CosmosHoursLedger } from '../src/adapters/cosmos/hours-ledger';
import { InvalidPageTokenError } from '../src/domain/ports';
import type { HoursEntry } from '../src/domain/hours/ledger';
import { emulatorCosmosClient } from '../../tests/support/cosmos';

// The hours ledger against the Cosmos emulator (which refuses cross-partition ORDER BY like the real
// gateway), with the container created from the resource manifest as the api bootstraps it.
const emulators = inject('emulators');
const databaseName = `soins-hours-${String(Date.now())}`;
const cosmos = emulatorCosmosClient(emulators);
let database: Database;
let ledger: CosmosHoursLedger;

const entry = (n: number, userId: string, completedOn: string, hours = 2): HoursEntry => ({
  id: `attestation:doc-${String(n)}`,
  userId,
  source: 'attestation',
  documentId: `doc-${String(n)}`,
  verificationCode: `CODE${String(n)}`,
  trainingId: 'training-1',
  trainingTitle: { fr: 'Plaies', nl: 'Wonden' },
  organiser: 'SOINS+',
  sessionId: 'session-1',
  startedOn: completedOn,
  completedOn,
  hours,
});

beforeAll(async () => {
  await bootstrapManifestContainers(
    cosmos,
    databaseName,
    ['hours-ledger'],
    emulators.storageConnectionString,
  );
  database = cosmos.database(databaseName);
  ledger = new CosmosHoursLedger(cosmos, databaseName);
});

afterAll(async () => {
  await database.delete().catch(() => undefined);
  cosmos.dispose();
});

describe('hours ledger (Cosmos)', () => {
  it('records a line once: recording it again (even with other hours) changes nothing', async () => {
    await ledger.record(entry(1, 'u-once', '2026-03-10', 3));
    await ledger.record(entry(1, 'u-once', '2026-03-10', 7));
    expect(await ledger.listForUser('u-once', '2026-01-01', '2026-12-31')).toEqual([
      entry(1, 'u-once', '2026-03-10', 3),
    ]);
  });

  it("a learner's period spans several years, bounds inclusive, others' lines excluded", async () => {
    await ledger.record(entry(10, 'u-period', '2024-01-01'));
    await ledger.record(entry(11, 'u-period', '2025-06-30'));
    await ledger.record(entry(12, 'u-period', '2027-12-31'));
    await ledger.record(entry(13, 'u-period', '2028-01-01'));
    await ledger.record(entry(14, 'u-other', '2025-06-30'));
    const found = await ledger.listForUser('u-period', '2024-01-01', '2027-12-31');
    expect(found.map((e) => e.documentId)).toEqual(['doc-10', 'doc-11', 'doc-12']);
  });

  it('the yearly report pages through one year with tokens, and refuses a forged token', async () => {
    const many = Array.from({ length: 520 }, (_, i) => entry(1000 + i, `u-${String(i % 7)}`, '2023-05-04'));
    for (const line of many) await ledger.record(line);
    await ledger.record(entry(9999, 'u-x', '2022-12-31'));
    const first = await ledger.listForYear(2023);
    expect(first.entries).toHaveLength(500);
    expect(first.next).toBeDefined();
    const second = await ledger.listForYear(2023, first.next);
    expect(second.next).toBeUndefined();
    const ids = [...first.entries, ...second.entries].map((e) => e.id);
    expect(new Set(ids).size).toBe(520);
    const users = [...first.entries, ...second.entries].map((e) => e.userId);
    expect(users).toEqual([...users].sort());
    await expect(ledger.listForYear(2023, 'forged')).rejects.toBeInstanceOf(InvalidPageTokenError);
    await expect(ledger.listForYear(2022, first.next)).rejects.toBeInstanceOf(InvalidPageTokenError);
  });
});
