// Privacy routes: the register of processing (public, and with the data inventory for admins) and the
// person's data export (request, progress, download link behind sign-in).
import type { FunctionInput, HttpRequest } from '@azure/functions';
import {
  exportIdSchema,
  type ErasureRequestView,
  type MyErasure,
  type PendingErasures,
  type DataExport,
  type ExportDownload,
  type MyExports,
  type ProcessingRegister,
} from '@soins/shared';
import type { InvocationContext } from '@azure/functions';
import type {
  CancelErasure,
  ErasureRecord,
  ErasureStore,
  ErasureWorkflow,
  RequestErasure,
} from '../../domain/privacy/erasure';
import type { ExportDownloadLink, ListMyExports, RequestExport } from '../../domain/privacy/export';
import { cacheableJson } from '../catalogue/http-cache';
import { access, callerOf, pathParam, unwrap, type RouteSpec } from '../http-kit';

export function makePrivacyRoutes(deps: {
  register: () => ProcessingRegister;
  registerWithStores: () => ProcessingRegister;
  requestExport: RequestExport;
  listExports: ListMyExports;
  downloadLink: ExportDownloadLink;
  erasure: {
    request: RequestErasure;
    cancel: CancelErasure;
    store: ErasureStore;
    /** The Durable client of this invocation, as the erasure's port. */
    workflowFor: (invocation: InvocationContext) => ErasureWorkflow;
    /** The Durable client input binding the request and cancel routes declare. */
    durableClientInput: FunctionInput;
    /** The request's token: `auth_time` (a fresh sign-in is required) and Entra's `oid`. */
    tokenOf: (request: HttpRequest) => Promise<{ authTime?: number; objectId?: string }>;
  };
}): RouteSpec[] {
  const { erasure } = deps;
  const view = (record: ErasureRecord): ErasureRequestView => ({
    erasureId: record.erasureId,
    status: record.status,
    requestedAt: record.requestedAt,
    scheduledFor: record.scheduledFor,
    ...(record.cancelledAt ? { cancelledAt: record.cancelledAt } : {}),
  });
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
    {
      // After a fresh sign-in only (the SPA signs in again with prompt=login): else 403 reauthentication_required.
      name: 'me-erasure-request',
      methods: ['POST'],
      route: 'me/erasure',
      access: access.signedIn,
      extraInputs: [erasure.durableClientInput],
      handle: async (ctx) => {
        const caller = callerOf(ctx);
        const record = unwrap(
          await erasure.request.execute(
            erasure.workflowFor(ctx.invocation),
            caller,
            await erasure.tokenOf(ctx.request),
          ),
        );
        const body: MyErasure = { request: view(record) };
        return { status: 202, body };
      },
    },
    {
      name: 'me-erasure-get',
      methods: ['GET'],
      route: 'me/erasure',
      access: access.signedIn,
      handle: async (ctx) => {
        const record = await erasure.store.current(callerOf(ctx).id);
        const body: MyErasure = { request: record ? view(record) : null };
        return { body };
      },
    },
    {
      name: 'me-erasure-cancel',
      methods: ['DELETE'],
      route: 'me/erasure',
      access: access.signedIn,
      extraInputs: [erasure.durableClientInput],
      handle: async (ctx) => {
        const record = unwrap(
          await erasure.cancel.execute(erasure.workflowFor(ctx.invocation), callerOf(ctx).id),
        );
        const body: MyErasure = { request: view(record) };
        return { body };
      },
    },
    {
      name: 'manage-privacy-erasures',
      methods: ['GET'],
      route: 'manage/privacy/erasures',
      access: access.roles('admin'),
      handle: async () => {
        const body: PendingErasures = {
          items: (await erasure.store.pending()).map((record) => ({
            userId: record.userId,
            ...view(record),
          })),
        };
        return { body };
      },
    },
  ];
}
