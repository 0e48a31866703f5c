// A small file-backed storage adapter for oidc-provider: every model (sessions, grants, refresh tokens,
// interactions, ...) lives in one in-memory map that is written to `<dataDir>/oidc-store.json`
// (debounced, and flushed on stop), so a restart keeps sign-in sessions and refresh tokens.
import { join } from 'node:path';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import { DebouncedJsonFile, readJsonFile } from '../lib/json-store';

export const STORE_FILE = 'oidc-store.json';

interface Entry {
  readonly payload: AdapterPayload;
  /** Epoch milliseconds; absent = no expiry. */
  readonly expiresAt?: number;
}

/** Models whose entries belong to a grant and are revoked with it. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export class FileStore {
  private readonly entries = new Map<string, Entry>();
  private readonly file: DebouncedJsonFile;

  /**
   * @param refreshReuseGraceSeconds how long a rotated refresh token may still be redeemed (see `FileAdapter.find`).
   */
  constructor(
    dataDir: string,
    delayMs = 100,
    readonly refreshReuseGraceSeconds = 0,
  ) {
    const path = join(dataDir, STORE_FILE);
    const saved = readJsonFile(path);
    const now = Date.now();
    if (isRecord(saved) && isRecord(saved.entries)) {
      for (const [key, value] of Object.entries(saved.entries)) {
        if (!isRecord(value) || !isRecord(value.payload)) continue;
        const expiresAt = typeof value.expiresAt === 'number' ? value.expiresAt : undefined;
        if (expiresAt !== undefined && expiresAt <= now) continue;
        this.entries.set(key, {
          payload: value.payload,
          ...(expiresAt !== undefined ? { expiresAt } : {}),
        });
      }
    }
    this.file = new DebouncedJsonFile(path, () => this.serialize(), delayMs);
  }

  /** The adapter factory to pass as oidc-provider's `adapter` option. */
  adapterFactory(): (model: string) => Adapter {
    return (model: string) => new FileAdapter(model, this);
  }

  get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      this.file.markDirty();
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, payload: AdapterPayload, expiresInSeconds?: number): void {
    const expiresAt = typeof expiresInSeconds === 'number' ? Date.now() + expiresInSeconds * 1000 : undefined;
    this.entries.set(key, { payload, ...(expiresAt !== undefined ? { expiresAt } : {}) });
    this.file.markDirty();
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.file.markDirty();
  }

  /** Marks an entry as changed in place (e.g. `consumed`). */
  touch(): void {
    this.file.markDirty();
  }

  /** Keys of the grantable entries of `grantId`. */
  keysOfGrant(grantId: string): string[] {
    const keys: string[] = [];
    for (const [key, entry] of this.entries) {
      const model = key.slice(0, key.indexOf(':'));
      if (GRANTABLE.has(model) && entry.payload.grantId === grantId) keys.push(key);
    }
    return keys;
  }

  findKey(predicate: (key: string, payload: AdapterPayload) => boolean): string | undefined {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) continue;
      if (predicate(key, entry.payload)) return key;
    }
    return undefined;
  }

  flush(): void {
    this.file.flush();
  }

  private serialize(): unknown {
    const now = Date.now();
    const entries: Record<string, Entry> = {};
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        this.entries.delete(key);
        continue;
      }
      entries[key] = entry;
    }
    return { version: 1, entries };
  }
}

class FileAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly store: FileStore,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    this.store.set(this.key(id), payload, expiresIn);
    return Promise.resolve();
  }

  find(id: string): Promise<AdapterPayload | undefined> {
    // Static clients come from the configuration; there is no dynamic registration.
    if (this.model === 'Client') return Promise.resolve(undefined);
    const payload = this.store.get(this.key(id));
    // Entra never revokes a rotated refresh token; oidc-provider revokes the whole grant when one comes back.
    // A page loaded while the previous page's renewal was in flight presents the token that renewal rotated
    // (its answer was lost with the page): within the grace window it is honoured again, after it the reuse
    // still revokes the family, as a stolen token's replay should.
    if (
      this.model === 'RefreshToken' &&
      payload &&
      typeof payload.consumed === 'number' &&
      Math.floor(Date.now() / 1000) - payload.consumed < this.store.refreshReuseGraceSeconds
    ) {
      const stillRedeemable: AdapterPayload = { ...payload };
      delete stillRedeemable.consumed;
      return Promise.resolve(stillRedeemable);
    }
    return Promise.resolve(payload);
  }

  findByUid(uid: string): Promise<AdapterPayload | undefined> {
    const prefix = `${this.model}:`;
    const key = this.store.findKey((k, payload) => k.startsWith(prefix) && payload.uid === uid);
    return Promise.resolve(key === undefined ? undefined : this.store.get(key));
  }

  findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
    const prefix = `${this.model}:`;
    const key = this.store.findKey((k, payload) => k.startsWith(prefix) && payload.userCode === userCode);
    return Promise.resolve(key === undefined ? undefined : this.store.get(key));
  }

  consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    // The first rotation starts the grace window; a redemption inside it does not extend it.
    if (payload && typeof payload.consumed !== 'number') {
      payload.consumed = Math.floor(Date.now() / 1000);
      this.store.touch();
    }
    return Promise.resolve();
  }

  destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
    return Promise.resolve();
  }

  revokeByGrantId(grantId: string): Promise<void> {
    // oidc-provider calls this once per grantable model; revoke only this model's entries.
    const prefix = `${this.model}:`;
    for (const key of this.store.keysOfGrant(grantId)) {
      if (key.startsWith(prefix)) this.store.delete(key);
    }
    return Promise.resolve();
  }
}
