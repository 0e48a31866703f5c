// `npm run local:ctl -- stop cosmos` / `start cosmos` / `stop functions`: talks to the running `npm start`.
import { request } from 'node:http';
import { join } from 'node:path';

const [action, component] = process.argv.slice(2);
if (!['stop', 'start'].includes(action ?? '') || !['cosmos', 'functions'].includes(component ?? '')) {
  console.error('usage: npm run local:ctl -- <stop|start> <cosmos|functions>');
  process.exit(2);
}
const socketPath = join(
  process.env.SOINS_DATA_DIR ?? join(import.meta.dirname, '..', '.data'),
  'supervisor.sock',
);
const req = request({ socketPath, path: `/${action}/${component}`, method: 'POST' }, (res) => {
  res.pipe(process.stdout);
  res.on('end', () => process.exit(res.statusCode === 200 ? 0 : 1));
});
req.on('error', () => {
  console.error('SOINS+ is not running here (start it with npm start).');
  process.exit(1);
});
req.end();
