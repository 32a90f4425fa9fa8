// Load generator of `npm run bench:check`, run as its own process so it does not share the
// server's event loop: drives POST /api/v1/check with autocannon and prints one JSON result.
// argv: url apiKey mode(hash|jpeg) seconds connections [jpegFile]
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

const [url, key, mode, seconds, connections, file] = process.argv.slice(2);
const headers = { authorization: `Bearer ${key}` };
const randomHex = () => {
  let s = '';
  for (let i = 0; i < 8; i++) s += ((Math.random() * 2 ** 32) >>> 0).toString(16).padStart(8, '0');
  return s;
};
// Bodies are made up front and cycled, so the generator spends its core on requests, not on them.
const bodies = Array.from({ length: 4096 }, () =>
  JSON.stringify({ hashes: { pdq: randomHex() }, dryRun: true }),
);
let next = 0;
const request =
  mode === 'hash'
    ? {
        method: 'POST',
        path: '/api/v1/check',
        headers: { ...headers, 'content-type': 'application/json' },
        setupRequest: (req) => ({
          ...req,
          body: bodies[next++ & 4095],
        }),
      }
    : {
        method: 'POST',
        path: '/api/v1/check?dryRun=true',
        headers: { ...headers, 'content-type': 'image/jpeg' },
        body: readFileSync(file),
      };
const run = (duration) =>
  autocannon({ url, connections: Number(connections), duration, requests: [request] });
// Warm-up: connections, and the JIT in every process and hashing thread (uploads need longer).
const warm = await run(mode === 'hash' ? 2 : 5);
const r = await run(Number(seconds));
process.stdout.write(
  `${JSON.stringify({
    perSecond: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    warmOk: warm['2xx'],
  })}\n`,
);
