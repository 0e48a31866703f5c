// Standalone local gateway: `tsx local/gateway-cli.ts --port 4280 --web web/dist --api http://127.0.0.1:7071`
// Serves the folder with its own staticwebapp.config.json (written by the web build), as Static Web Apps does.
// Prints `READY <url>` once listening; stops cleanly on SIGINT/SIGTERM.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startGateway } from './gateway';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4280' },
    host: { type: 'string', default: '127.0.0.1' },
    web: { type: 'string', default: 'web/dist' },
    api: { type: 'string', default: 'http://127.0.0.1:7071' },
    'forwarded-proto': { type: 'string', default: 'http' },
  },
  strict: true,
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65_535) {
  console.error(`--port must be a port number, got ${values.port}`);
  process.exit(2);
}
const forwardedProto = values['forwarded-proto'];
if (forwardedProto !== 'http' && forwardedProto !== 'https') {
  console.error(`--forwarded-proto must be http or https, got ${forwardedProto}`);
  process.exit(2);
}
const gateway = await startGateway({
  port,
  host: values.host,
  webRoot: path.resolve(values.web),
  apiTarget: values.api,
  forwardedProto,
}).catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
console.log(`READY ${gateway.url}`);

let stopping = false;
const shutdown = (): void => {
  if (stopping) return;
  stopping = true;
  gateway.stop().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(`[gateway] stop failed: ${(error as Error).message}`);
      process.exit(1);
    },
  );
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
