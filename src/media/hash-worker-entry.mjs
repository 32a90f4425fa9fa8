// Entry of a hashing worker thread: the sources are TypeScript, so the thread registers tsx
// first (as bin/redress.js does for the main thread), then loads the worker proper.
import { register } from 'tsx/esm/api';

register();
await import('./hash-worker.ts');
