#!/usr/bin/env node
// The `redress` command. The project ships TypeScript sources; tsx compiles them on load,
// so `npx redress ...` works straight after `npm ci` with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
