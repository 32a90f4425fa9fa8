/**
 * `npm run sim:stopncii -- --port PORT --seed FILE [--subscription-key K] [--fetch-key K]
 * [--feedback-key K] [--submit-key K]`: serves the StopNCII simulator on loopback until stopped.
 * Point Redress at it with REDRESS_STOPNCII_URL=http://127.0.0.1:PORT/v1 and the same keys.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_KEYS, StopNCIISimulator } from './stopncii.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8181' },
    host: { type: 'string', default: '127.0.0.1' },
    seed: { type: 'string' },
    'subscription-key': { type: 'string', default: DEFAULT_KEYS.subscription },
    'fetch-key': { type: 'string', default: DEFAULT_KEYS.fetch },
    'feedback-key': { type: 'string', default: DEFAULT_KEYS.feedback },
    'submit-key': { type: 'string', default: DEFAULT_KEYS.submit },
  },
});

const sim = new StopNCIISimulator({
  subscription: values['subscription-key'],
  fetch: values['fetch-key'],
  feedback: values['feedback-key'],
  submit: values['submit-key'],
});
if (values.seed) sim.seed(readFileSync(values.seed, 'utf8'));
const base = await sim.listen(Number(values.port), values.host);
process.stdout.write(`StopNCII simulator at ${base}/v1 with ${sim.records.size} hashes\n`);
const stop = () => void sim.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
