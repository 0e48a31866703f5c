export interface LegalVersionSearch {
  readonly version?: number;
}

/** `?version=N` of the public legal pages: a positive integer, anything else shows the current version. */
export function validateVersionSearch(search: Record<string, unknown>): LegalVersionSearch {
  const raw = search.version;
  const version = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : NaN;
  return Number.isInteger(version) && version > 0 && version < 1_000_000 ? { version } : {};
}
