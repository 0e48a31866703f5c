// The register and the data inventory against the resource manifest: every Cosmos container, blob
// container and queue that infra/resources.json declares has an entry saying whether it holds personal
// data (and if not, why), every entry names a declared resource, every personal store serves a register
// activity and says how long it keeps data, and the periods the register announces are the ones the
// time-to-live settings and the retention jobs apply.
import { processingRegisterSchema } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import manifest from '../../infra/resources.json';
import {
  dataInventory,
  exportFileNames,
  inventoryView,
  retentionDaysOf,
  retentionDaysOfJob,
  retentionJobNames,
  type DataStore,
} from '../src/domain/privacy/inventory';
import {
  activityIds,
  controller,
  processingActivities,
  registerUpdatedAt,
  retention,
} from '../src/domain/privacy/register';

const entry = (kind: DataStore['kind'], name: string) =>
  dataInventory.filter((store) => store.kind === kind && store.name === name);

describe('data inventory', () => {
  const declared: [DataStore['kind'], string][] = [
    ...manifest.cosmos.containers.map((c): [DataStore['kind'], string] => ['cosmos', c.name]),
    ...manifest.blobContainers.map((c): [DataStore['kind'], string] => ['blob', c.name]),
    ...manifest.queues.map((q): [DataStore['kind'], string] => ['queue', q.name]),
  ];

  it.each(declared)('has exactly one entry for the %s resource %s', (kind, name) => {
    expect(
      entry(kind, name),
      `${kind} ${name} needs an entry in api/src/domain/privacy/inventory.ts`,
    ).toHaveLength(1);
  });

  it('names only resources the manifest declares (besides the explicit local stores)', () => {
    const known = new Set(declared.map(([kind, name]) => `${kind}:${name}`));
    const unknown = dataInventory
      .filter((store) => store.kind !== 'local' && !known.has(`${store.kind}:${store.name}`))
      .map((store) => `${store.kind}:${store.name}`);
    expect(unknown).toEqual([]);
  });

  it('says why a store holds no personal data, and what a personal store holds, for which activity', () => {
    for (const store of dataInventory) {
      const text = store.personalData ? store.holds : store.reason;
      expect(text.fr.length, store.name).toBeGreaterThan(10);
      expect(text.nl.length, store.name).toBeGreaterThan(10);
      expect(text.fr, store.name).not.toBe(text.nl);
      if (!store.personalData) continue;
      expect(store.activities.length, store.name).toBeGreaterThan(0);
      for (const activity of store.activities) expect(activityIds).toContain(activity);
      expect(store.locators.length, store.name).toBeGreaterThan(0);
      if (store.export.kind === 'excluded')
        expect(store.export.reason.length, store.name).toBeGreaterThan(10);
    }
  });

  it('locates a container’s data by its partition only where the partition key is the person', () => {
    for (const store of dataInventory) {
      if (!store.personalData || store.kind !== 'cosmos') continue;
      const partitionKey = manifest.cosmos.containers.find((c) => c.name === store.name)?.partitionKey;
      if (store.locators.some((locator) => locator.kind === 'partition')) {
        expect(['/userId', '/id', '/trainerId'], `${store.name} (${String(partitionKey)})`).toContain(
          partitionKey,
        );
      }
    }
  });

  it('exports every file of the archive from at least one store, and each store into declared files', () => {
    const fed = new Set(
      dataInventory.flatMap((store) =>
        store.personalData && store.export.kind === 'included' ? store.export.files : [],
      ),
    );
    // Written whatever the stores hold: nothing of that kind exists yet.
    const placeholders = ['attestations.json'];
    expect(exportFileNames.filter((file) => !fed.has(file) && !placeholders.includes(file))).toEqual([]);
  });

  it('keeps the periods of the register, the manifest time to live and the jobs in step', () => {
    const ttlDays = (name: string): number | undefined => {
      const ttl = manifest.cosmos.containers.find((c) => c.name === name)?.defaultTtl;
      return ttl === undefined ? undefined : ttl / 86_400;
    };
    const lifecycleDays = (name: string): number | undefined =>
      manifest.blobContainers.find((c): c is { name: string; deleteAfterDays: number } => c.name === name)
        ?.deleteAfterDays;
    // Container TTL (a blob container's lifecycle rule): the manifest applies what the inventory declares.
    for (const store of dataInventory) {
      if (store.personalData && store.retention.kind === 'container-ttl') {
        const days = store.kind === 'blob' ? lifecycleDays(store.name) : ttlDays(store.name);
        expect(days, `${store.kind} ${store.name}`).toBe(store.retention.days);
      }
      // Only the stores whose period is a lifecycle rule have one (the privacy archives go by a job).
      if (store.kind === 'blob' && lifecycleDays(store.name) !== undefined) {
        expect(store.personalData && store.retention.kind, store.name).toBe('container-ttl');
      }
      if (store.personalData && store.retention.kind === 'item-ttl') {
        expect(ttlDays(store.name), `${store.name}: item ttl needs TTL on (-1)`).toBe(-1 / 86_400);
      }
    }
    // Processed webhook ids hold nothing personal but their period is still the register's.
    expect(ttlDays('stripe-events')).toBe(retention.stripeEventDays);
    expect(retentionDaysOf('cosmos', 'idempotency')).toBe(retention.idempotencyDays);
    // Every job is declared by exactly one store, with the register's period.
    for (const job of retentionJobNames) {
      const owners = dataInventory.filter(
        (store) => store.personalData && store.retention.kind === 'job' && store.retention.job === job,
      );
      expect(owners, job).toHaveLength(1);
    }
    expect(retentionDaysOfJob('privacy-exports-expire')).toBe(retention.exportArchiveDays);
    expect(retentionDaysOfJob('privacy-quarantine-cleanup')).toBe(retention.quarantineDays);
    expect(retentionDaysOfJob('privacy-dead-letters-purge')).toBe(retention.deadLetterDays);
  });
});

describe('register of processing', () => {
  it('has one activity per id, each complete in French and Dutch, and serves a valid public document', () => {
    expect(processingActivities.map((a) => a.id)).toEqual([...activityIds]);
    const register = processingRegisterSchema.parse({
      controller,
      updatedAt: registerUpdatedAt,
      activities: processingActivities,
      stores: inventoryView(),
    });
    for (const activity of register.activities) {
      for (const text of [activity.name, activity.purpose, activity.legalBasisDetail, activity.retention]) {
        expect(text.fr.length, activity.id).toBeGreaterThan(3);
        expect(text.nl.length, activity.id).toBeGreaterThan(3);
        expect(text.fr, activity.id).not.toBe(text.nl);
      }
    }
  });

  it('every activity is backed by at least one store of the inventory, except those outside our stores', () => {
    const used = new Set(dataInventory.flatMap((store) => (store.personalData ? store.activities : [])));
    // Analytics data lives at Microsoft Clarity and in the browser, not in a store of ours.
    expect(activityIds.filter((id) => !used.has(id))).toEqual(['analytics']);
  });

  it('shows the inventory to admins with a retention period wherever one is enforced', () => {
    const view = inventoryView();
    expect(view.find((s) => s.name === 'exports')?.retentionPeriod).toBe('P1D');
    expect(view.find((s) => s.name === 'stripe-events')).toMatchObject({ personalData: false });
  });
});
