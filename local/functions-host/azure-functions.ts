// `@azure/functions` is CommonJS whose named exports Node's ESM loader cannot detect, so
// `import { HttpRequest } from '@azure/functions'` fails under plain Node (it works in vitest).
// Every module of the local host takes the runtime classes from here.
import { createRequire } from 'node:module';

type AzureFunctions = typeof import('@azure/functions');
const azureFunctions = createRequire(import.meta.url)('@azure/functions') as AzureFunctions;

export const { HttpRequest, HttpResponse, InvocationContext } = azureFunctions;
export type HttpRequest = import('@azure/functions').HttpRequest;
export type HttpResponse = import('@azure/functions').HttpResponse;
export type InvocationContext = import('@azure/functions').InvocationContext;
