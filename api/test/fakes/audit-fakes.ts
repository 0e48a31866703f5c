// The audit port in memory, for domain tests (integration tests use the Cosmos adapter).
import type { AuditEntry, AuditLog } from '../../src/domain/audit';

export class MemoryAuditLog implements AuditLog {
  readonly entries: AuditEntry[] = [];
  /** Makes `record` fail, as a store that is down would. */
  failing = false;

  record(entry: AuditEntry): Promise<void> {
    if (this.failing) return Promise.reject(new Error('audit store down'));
    this.entries.push(entry);
    return Promise.resolve();
  }
}
