// Search params of the audit log page. Plain functions, not zod, in a module of their own: route search validation
// runs in the SPA's first chunk, which must not carry the audit page's code.
export interface AuditSearch {
  readonly actor?: string;
  readonly action?: string;
  readonly targetType?: string;
  readonly target?: string;
  readonly q?: string;
  readonly from?: string;
  readonly to?: string;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}$/;
const actionPattern = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+$/;
const typePattern = /^[a-z][a-z0-9-]{0,39}$/;

function text(raw: unknown, max: number): string | undefined {
  const value = typeof raw === 'number' ? String(raw) : raw;
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim().slice(0, max);
  return trimmed === '' ? undefined : trimmed;
}

function matching(raw: unknown, pattern: RegExp, max: number): string | undefined {
  const value = text(raw, max);
  return value !== undefined && pattern.test(value) ? value : undefined;
}

/** Keeps the valid params of `/admin/audit` (same rules as the api's `auditQuerySchema`), drops the others. */
export function validateAuditSearch(search: Record<string, unknown>): AuditSearch {
  const entries = {
    actor: text(search.actor, 200),
    action: matching(search.action, actionPattern, 80),
    targetType: matching(search.targetType, typePattern, 40),
    target: text(search.target, 200),
    q: text(search.q, 100),
    from: matching(search.from, dayPattern, 10),
    to: matching(search.to, dayPattern, 10),
  };
  return Object.fromEntries(Object.entries(entries).filter(([, value]) => value !== undefined));
}
