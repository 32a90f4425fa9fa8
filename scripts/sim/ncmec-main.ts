/**
 * `npm run sim:ncmec -- --port PORT [--user U] [--password P]`: serves the NCMEC hash-sharing
 * simulator on loopback until stopped. Point Redress at it with REDRESS_NCMEC_URL=http://127.0.0.1:PORT
 * and the same credentials.
 */
import { parseArgs } from 'node:util';
import { NcmecSimulator } from './ncmec.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8182' },
    host: { type: 'string', default: '127.0.0.1' },
    user: { type: 'string', default: 'sim-user' },
    password: { type: 'string', default: 'sim-password' },
  },
});
const sim = new NcmecSimulator(values.user, values.password);
const base = await sim.listen(Number(values.port), values.host);
process.stdout.write(`NCMEC hash-sharing simulator at ${base}\n`);
const stop = () => void sim.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
