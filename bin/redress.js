#!/usr/bin/env node
// The `redress` command. A release runs the compiled dist/ (scripts/build.mjs). A clone runs
// dist/ too when it was built after the last change to the sources, and otherwise the
// TypeScript sources through tsx, so `npx redress ...` works straight after `npm ci`.
import fs from 'node:fs';

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

const root = new URL('../', import.meta.url);
const built = new URL('dist/BUILT', root);

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, fs.statSync(`${entry.parentPath}/${entry.name}`).mtimeMs);
  }
  return newest;
}

function distIsCurrent() {
  if (!fs.existsSync(built)) return false;
  const sources = new URL('src/', root);
  if (!fs.existsSync(sources)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  const packages = new URL('packages/', root);
  const dirs = [sources.pathname, ...fs.readdirSync(packages).map((p) => `${packages.pathname}${p}/src`)];
  return dirs.every((dir) => !fs.existsSync(dir) || newestSource(dir) < builtAt);
}

if (distIsCurrent()) {
  await import('../dist/cli.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
