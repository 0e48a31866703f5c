// The audit log for admins: search (paged) and CSV export. Read-only by design: there is no route that
// edits or deletes an entry (the authorization matrix checks that every audit route is a GET).
import { auditQuerySchema, type AuditPage } from '@soins/shared';
import type { ExportAuditLog, SearchAuditLog } from '../../domain/audit';
import type { Clock } from '../../domain/ports';
import { access, parseOrProblem, queryOf, type RouteContext, type RouteSpec } from '../http-kit';

const filterKeys = ['actor', 'action', 'targetType', 'target', 'q', 'from', 'to'] as const;

export function makeAuditRoutes(deps: {
  search: SearchAuditLog;
  export: ExportAuditLog;
  clock: Clock;
}): RouteSpec[] {
  const admin = access.roles('admin');
  const query = (ctx: RouteContext, keys: readonly string[]) =>
    parseOrProblem(auditQuerySchema, queryOf(ctx, keys));
  return [
    {
      name: 'manage-audit-search',
      methods: ['GET'],
      route: 'manage/audit',
      access: admin,
      handle: async (ctx) => {
        const body: AuditPage = await deps.search.execute(query(ctx, [...filterKeys, 'continuationToken']));
        return { body };
      },
    },
    {
      name: 'manage-audit-export',
      methods: ['GET'],
      route: 'manage/audit/export',
      access: admin,
      handle: async (ctx) => {
        const { csv, truncated } = await deps.export.execute(query(ctx, filterKeys));
        const day = deps.clock.now().toISOString().slice(0, 10);
        return {
          text: csv,
          headers: {
            'Content-Type': 'text/csv; charset=utf-8',
            'Content-Disposition': `attachment; filename="soins-audit-${day}.csv"`,
            // More entries matched than one export holds: the client says so (narrow the filters).
            'X-Export-Truncated': truncated ? 'true' : 'false',
          },
        };
      },
    },
  ];
}
