// Loading the deployable api package outside the Functions worker (the build's code cache, the bench's
// cold-import and memory probes): a plain `node -e <script> <entry>` with the sample settings as app
// settings, whose `@azure/functions-core` (a module only the worker provides) is answered by a stub.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Put at the top of a `node -e` script, before it requires the package's entry point. */
export const functionsCoreStub = `const Module = require('node:module');
const load = Module._load;
const registration = { dispose() {} };
Module._load = function (request, parent, isMain) {
  if (request === '@azure/functions-core')
    return { registerFunction: () => registration, setProgrammingModel() {}, registerHook: () => registration, log() {} };
  return load.call(this, request, parent, isMain);
};
`;

/** local.settings.sample.json's values: the settings the package starts with in these probes. */
export function sampleSettings(root: string): Record<string, string> {
  return (
    JSON.parse(readFileSync(join(root, 'local.settings.sample.json'), 'utf8')) as {
      Values: Record<string, string>;
    }
  ).Values;
}

/**
 * The environment of a probe: the sample settings, and only errors logged (the api logs its start at info
 * level on stdout, where a probe prints its figures).
 */
export function probeEnvironment(root: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...sampleSettings(root), LOG_LEVEL: 'error', ...extra };
}
