// Intake without HTTP: how fast the batched use case alone commits receipts (for profiling).
import { loadConfig } from '../src/config.ts';
import { createLogger } from '../src/logger.ts';
import { openRuntime } from '../src/runtime.ts';
import { completeRequest } from '../test/helpers/fixtures.ts';

const kind = process.argv[2] ?? 'sqlite';
const env: Record<string, string> = {
  REDRESS_DATA_DIR: `/tmp/redress-profile-${Date.now()}`,
  REDRESS_SECRET_KEY: 'a'.repeat(64),
  REDRESS_SQLITE_SYNCHRONOUS: process.argv[3] ?? 'FULL',
};
if (kind === 'postgres') {
  Object.assign(env, {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/test',
    REDRESS_DB_SCHEMA: `prof_${Date.now()}`,
  });
}
const rt = await openRuntime(loadConfig(env), { log: createLogger('warn') });
for (const concurrency of [1, 16, 64]) {
  const t = performance.now();
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (done < 1000) {
        done++;
        await rt.submit({ submission: completeRequest() });
      }
    }),
  );
  console.log(
    `${kind} concurrency ${concurrency}: ${((1000 / (performance.now() - t)) * 1000).toFixed(0)} submissions/s`,
  );
}
await rt.close();
