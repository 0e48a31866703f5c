import type { HoursEntry, HoursLedger } from '../../src/domain/hours/ledger';

/** In-memory hours ledger for unit tests: same no-op-on-repeat rule as the Cosmos adapter. */
export class MemoryHoursLedger implements HoursLedger {
  readonly entries = new Map<string, HoursEntry>();
  records = 0;

  record(entry: HoursEntry): Promise<void> {
    this.records += 1;
    if (!this.entries.has(entry.id)) this.entries.set(entry.id, entry);
    return Promise.resolve();
  }

  listForUser(userId: string, from: string, to: string): Promise<readonly HoursEntry[]> {
    return Promise.resolve(
      [...this.entries.values()]
        .filter((e) => e.userId === userId && e.completedOn >= from && e.completedOn <= to)
        .sort((a, b) => a.completedOn.localeCompare(b.completedOn)),
    );
  }

  listForYear(year: number): Promise<{ entries: readonly HoursEntry[]; next?: string }> {
    return Promise.resolve({
      entries: [...this.entries.values()].filter((e) => e.completedOn.startsWith(`${year}-`)),
    });
  }
}
