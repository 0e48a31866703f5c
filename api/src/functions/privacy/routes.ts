// Privacy routes: the register of processing (public, and with the data inventory for admins) and the
// person's data export (request, progress, download link behind sign-in).
import {
  exportIdSchema,
  type DataExport,
  type ExportDownload,
  type MyExports,
  type ProcessingRegister,
} from '@soins/shared';
import type { ExportDownloadLink, ListMyExports, RequestExport } from '../../domain/privacy/export';
import { cacheableJson } from '../catalogue/http-cache';
import { access, callerOf, pathParam, unwrap, type RouteSpec } from '../http-kit';

export function makePrivacyRoutes(deps: {
  register: () => ProcessingRegister;
  registerWithStores: () => ProcessingRegister;
  requestExport: RequestExport;
  listExports: ListMyExports;
  downloadLink: ExportDownloadLink;
}): RouteSpec[] {
  return [
    {
      name: 'privacy-register',
      methods: ['GET'],
      route: 'privacy/register',
      access: access.anonymous,
      handle: (ctx) => Promise.resolve(cacheableJson(ctx, deps.register())),
    },
    {
      name: 'manage-privacy-register',
      methods: ['GET'],
      route: 'manage/privacy/register',
      access: access.roles('admin'),
      handle: () => Promise.resolve({ body: deps.registerWithStores() }),
    },
    {
      name: 'me-exports-request',
      methods: ['POST'],
      route: 'me/exports',
      access: access.signedIn,
      handle: async (ctx) => {
        const body: DataExport = unwrap(await deps.requestExport.execute(callerOf(ctx).id));
        return { status: 202, body };
      },
    },
    {
      name: 'me-exports-list',
      methods: ['GET'],
      route: 'me/exports',
      access: access.signedIn,
      handle: async (ctx) => {
        const body: MyExports = { items: await deps.listExports.execute(callerOf(ctx).id) };
        return { body };
      },
    },
    {
      // The e-mail's link lands on an SPA page that calls this: the person's own export only (any
      // other id is a 404), 410 once its 24 hours are over, else a read-only link of a few minutes.
      name: 'me-export-download',
      methods: ['GET'],
      route: 'me/exports/{exportId}/download',
      access: access.signedIn,
      handle: async (ctx) => {
        const exportId = pathParam(ctx, 'exportId', exportIdSchema);
        const body: ExportDownload = unwrap(await deps.downloadLink.execute(callerOf(ctx).id, exportId));
        return { body };
      },
    },
  ];
}
