// The Durable extension's HTTP API, as durable-functions' DurableClient calls it (HttpApiHandler in
// azure-functions-durable-extension): the client binding value carries `rpcBaseUrl`, so the client
// builds every URL from it:
//   POST   orchestrators/{name}[/{instanceId}]       start            → 202 {id, statusQueryGetUri, …}
//   GET    instances/{id}?showHistory&showInput      status           → 200 done / 202 running / 404
//   GET    instances/?runtimeStatus&createdTime…     list             → 200 [status…]
//   POST   instances/{id}/raiseEvent/{event}         raise event      → 202 / 404 / 410 finished
//   POST   instances/{id}/terminate?reason=          terminate        → 202 / 404 / 410 finished
//   DELETE instances/{id}                            purge            → 200 {instancesDeleted} / 404
//   DELETE instances/?createdTimeFrom…               purge by filter  → 200 {instancesDeleted} / 404
// The webhook-style URLs in creationUrls/managementUrls point at the same routes.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DurableEngineError, type DurableApi } from './api';
import { toStatusHistory } from './history';
import { isTerminal, toStatus, type DurableStatus, type RuntimeStatus } from './types';

const instanceIdPlaceholder = 'INSTANCEID';
const connectionName = 'Storage';
const maxBodyBytes = 10 * 1024 * 1024;
const runtimeStatuses: readonly RuntimeStatus[] = [
  'Pending',
  'Running',
  'Completed',
  'Failed',
  'Terminated',
  'ContinuedAsNew',
];

export function normalizeBaseUrl(baseUrl: string): string {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Error(`Durable baseUrl must be http(s): ${baseUrl}`);
  url.search = '';
  url.hash = '';
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.toString();
}

/** The durableClient input binding value (what the Durable extension's BindingHelper serializes). */
export function clientBindingValue(baseUrl: string, taskHub: string): object {
  const base = normalizeBaseUrl(baseUrl).replace(/\/$/, '');
  const query = `taskHub=${encodeURIComponent(taskHub)}&connection=${connectionName}`;
  const instance = `${base}/instances/${instanceIdPlaceholder}`;
  return {
    taskHubName: taskHub,
    creationUrls: {
      createNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?${query}`,
      createAndWaitOnNewInstancePostUri: `${base}/orchestrators/{functionName}[/{instanceId}]?timeout={timeoutInSeconds}&pollingInterval={intervalInSeconds}&${query}`,
    },
    managementUrls: managementUrls(base, instanceIdPlaceholder, query, instance),
    baseUrl: base,
    // In Azure this carries the extension's system key (code=…); the local host has no keys.
    requiredQueryStringParameters: '',
    rpcBaseUrl: `${base}/`,
    httpBaseUrl: base,
  };
}

function managementUrls(
  base: string,
  id: string,
  query: string,
  instance = `${base}/instances/${encodeURIComponent(id)}`,
): Record<string, string> {
  return {
    id,
    statusQueryGetUri: `${instance}?${query}`,
    sendEventPostUri: `${instance}/raiseEvent/{eventName}?${query}`,
    terminatePostUri: `${instance}/terminate?reason={text}&${query}`,
    rewindPostUri: `${instance}/rewind?reason={text}&${query}`,
    purgeHistoryDeleteUri: `${instance}?${query}`,
    restartPostUri: `${instance}/restart?${query}`,
    suspendPostUri: `${instance}/suspend?reason={text}&${query}`,
    resumePostUri: `${instance}/resume?reason={text}&${query}`,
  };
}

export async function handleDurableHttp(
  api: DurableApi,
  baseUrl: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<boolean> {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, '');
  const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
  const path = url.pathname;
  if (
    path.toLowerCase() !== basePath.toLowerCase() &&
    !path.toLowerCase().startsWith(`${basePath.toLowerCase()}/`)
  )
    return false;
  const segments = path
    .slice(basePath.length)
    .split('/')
    .filter((s) => s !== '')
    .map((s) => decodeURIComponent(s));
  const method = (req.method ?? 'GET').toUpperCase();
  try {
    const body = await readBody(req);
    await route(api, { url, segments, method, body, req, res, base: `${url.origin}${basePath}` });
  } catch (error) {
    if (error instanceof DurableEngineError) {
      const status = { NotFound: 404, Gone: 410, Conflict: 409, BadRequest: 400, Timeout: 504 }[error.code];
      sendJson(res, status, { Message: error.message });
    } else {
      sendJson(res, 500, {
        Message: 'Something went wrong while processing your request',
        ExceptionMessage: describe(error),
      });
    }
  }
  return true;
}

interface RouteContext {
  readonly url: URL;
  readonly segments: string[];
  readonly method: string;
  readonly body: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly base: string;
}

async function route(api: DurableApi, ctx: RouteContext): Promise<void> {
  const { segments, method, res, url } = ctx;
  const [controller, id, operation, eventName, ...rest] = segments;
  if (controller === 'orchestrators' && id !== undefined && eventName === undefined && method === 'POST') {
    await start(api, ctx, id, operation);
    return;
  }
  if (controller !== 'instances' || rest.length > 0) {
    sendJson(res, 404, { Message: 'Not found' });
    return;
  }
  if (id === undefined) {
    if (method === 'GET') {
      const statuses = await api.listInstances(listFilter(url));
      const showInput = url.searchParams.get('showInput') !== 'false';
      const prefix = url.searchParams.get('instanceIdPrefix');
      sendJson(
        res,
        200,
        statuses
          .filter((s) => !prefix || s.instanceId.startsWith(prefix))
          .map((s) => statusPayload(s, { showInput })),
      );
    } else if (method === 'DELETE') {
      if (!url.searchParams.get('createdTimeFrom')) {
        sendJson(res, 400, "Please provide value for 'createdTimeFrom' parameter.");
        return;
      }
      let deleted = 0;
      for (const status of await api.listInstances(listFilter(url)))
        if (await api.purge(status.instanceId)) deleted++;
      if (deleted === 0) sendJson(res, 404, { Message: 'No instances were purged' });
      else sendJson(res, 200, { instancesDeleted: deleted });
    } else sendJson(res, 404, { Message: 'Not found' });
    return;
  }
  if (operation === undefined) {
    if (method === 'GET') await getStatus(api, ctx, id);
    else if (method === 'DELETE') {
      if (!(await api.getState(id))) sendJson(res, 404, { Message: `No instance with ID '${id}' found.` });
      else sendJson(res, 200, { instancesDeleted: (await api.purge(id)) ? 1 : 0 });
    } else sendJson(res, 404, { Message: 'Not found' });
    return;
  }
  if (method !== 'POST') {
    sendJson(res, 404, { Message: 'Not found' });
    return;
  }
  switch (operation.toLowerCase()) {
    case 'raiseevent': {
      if (eventName === undefined) {
        sendJson(res, 404, { Message: 'Not found' });
        return;
      }
      const contentType = (ctx.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (ctx.body !== '' && contentType !== 'application/json') {
        sendJson(res, 400, { Message: 'Only application/json request content is supported' });
        return;
      }
      const data = ctx.body === '' ? undefined : checkJson(ctx.body);
      await api.raiseEventJson(id, eventName, data);
      res.writeHead(202).end();
      return;
    }
    case 'terminate':
      if (eventName !== undefined) break;
      await api.terminate(id, url.searchParams.get('reason') ?? '');
      res.writeHead(202).end();
      return;
    case 'suspend':
    case 'resume':
    case 'rewind':
    case 'restart':
      if (eventName !== undefined) break;
      if (!(await api.getState(id))) {
        sendJson(res, 404, { Message: `No instance with ID '${id}' found.` });
        return;
      }
      sendJson(res, 501, {
        Message: `The ${operation} operation is not supported by the local Durable engine.`,
      });
      return;
    default:
      break;
  }
  sendJson(res, 404, { Message: 'Not found' });
}

async function start(
  api: DurableApi,
  ctx: RouteContext,
  functionName: string,
  instanceId: string | undefined,
): Promise<void> {
  const input = ctx.body === '' ? undefined : checkJson(ctx.body);
  const id = await api.startNewJson(functionName, instanceId, input);
  const query = `taskHub=${encodeURIComponent(api.taskHub)}&connection=${connectionName}`;
  const payload = managementUrls(ctx.base, id, query);
  ctx.res.writeHead(202, {
    'content-type': 'application/json; charset=utf-8',
    location: payload.statusQueryGetUri,
    'retry-after': '10',
  });
  ctx.res.end(JSON.stringify(payload));
}

async function getStatus(api: DurableApi, ctx: RouteContext, id: string): Promise<void> {
  const { url, res } = ctx;
  const flag = (name: string, fallback: boolean): boolean => {
    const value = url.searchParams.get(name);
    return value === null ? fallback : value.toLowerCase() === 'true';
  };
  const state = await api.getState(id);
  if (!state) {
    sendJson(res, 404, { Message: `No instance with ID '${id}' found.` });
    return;
  }
  const status = toStatus(state, false);
  const payload = statusPayload(status, { showInput: flag('showInput', true) });
  if (flag('showHistory', false) && state.runtimeStatus !== 'Pending') {
    payload.historyEvents = toStatusHistory(state.history, {
      showHistoryOutput: flag('showHistoryOutput', false),
      showInput: flag('showInput', true),
    });
  }
  if (isTerminal(status.runtimeStatus)) {
    const failed = status.runtimeStatus === 'Failed' && flag('returnInternalServerErrorOnFailure', false);
    sendJson(res, failed ? 500 : 200, payload);
  } else {
    sendJson(res, 202, payload, { location: url.toString(), 'retry-after': '5' });
  }
}

/** StatusResponsePayload: timestamps without fractions, nulls kept (DurableClient requires input/output). */
function statusPayload(status: DurableStatus, options: { showInput: boolean }): Record<string, unknown> {
  return {
    name: status.name,
    instanceId: status.instanceId,
    runtimeStatus: status.runtimeStatus,
    input: options.showInput ? status.input : null,
    customStatus: status.customStatus,
    output: status.output,
    createdTime: wholeSeconds(status.createdTime),
    lastUpdatedTime: wholeSeconds(status.lastUpdatedTime),
  };
}

function listFilter(url: URL): {
  runtimeStatus?: RuntimeStatus[];
  createdTimeFrom?: Date;
  createdTimeTo?: Date;
} {
  const statuses = url.searchParams
    .getAll('runtimeStatus')
    .flatMap((v) => v.split(','))
    .map((v) => runtimeStatuses.find((s) => s.toLowerCase() === v.trim().toLowerCase()))
    .filter((s): s is RuntimeStatus => s !== undefined);
  const date = (name: string): Date | undefined => {
    const value = url.searchParams.get(name);
    const parsed = value ? new Date(value) : undefined;
    return parsed && !Number.isNaN(parsed.getTime()) ? parsed : undefined;
  };
  const from = date('createdTimeFrom');
  const to = date('createdTimeTo');
  return {
    ...(statuses.length > 0 ? { runtimeStatus: statuses } : {}),
    ...(from ? { createdTimeFrom: from } : {}),
    ...(to ? { createdTimeTo: to } : {}),
  };
}

function checkJson(text: string): string {
  try {
    JSON.parse(text);
  } catch {
    throw new DurableEngineError('BadRequest', 'Invalid JSON content');
  }
  return text;
}

function wholeSeconds(iso: string): string {
  return iso.replace(/\.\d+Z$/, 'Z');
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json; charset=utf-8' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBodyBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBodyBytes) reject(new DurableEngineError('BadRequest', 'Request body too large'));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
