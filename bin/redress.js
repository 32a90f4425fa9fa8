#!/usr/bin/env node
// The `redress` command. The project ships TypeScript sources; tsx compiles them on load,
// so `npx redress ...` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

// npm (`npx redress`, `npm exec`, `npm run`) starts this file under `sh -c`, and that shell does not
// pass SIGTERM on: npm signals the shell, the shell exits, and this process would keep running,
// re-parented. Under npm, losing the parent that started us is therefore the stop signal; the
// commands' own SIGTERM handlers (serve, worker) then close cleanly.
if (process.env.npm_lifecycle_event !== undefined) {
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid === parent) return;
    clearInterval(watch);
    process.kill(process.pid, 'SIGTERM');
  }, 250);
  watch.unref();
}

register();
await import('../src/cli/main.ts');
