/**
 * Where media bytes wait for ffmpeg, which needs a seekable file (an MP4's index may sit at its
 * end): `<data folder>/tmp/<pid>/`, one folder per process, so the bytes of an upload never sit
 * in a shared /tmp and a crash cannot leave them anywhere but here. At start-up every folder of
 * a process that is no longer running is removed, with whatever a crash left in it; folders of
 * running processes (the other `--processes`, a `redress worker`) are theirs and kept.
 */
import { readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** This process's temporary folder under `dataDir`, after removing the ones dead processes left. */
export function prepareTempArea(dataDir: string): string {
  const area = path.join(dataDir, 'tmp');
  let names: string[] = [];
  try {
    names = readdirSync(area);
  } catch {
    // no temporary area yet: the first video creates it
  }
  for (const name of names) {
    // Our own pid's folder can only be a previous life's: a restarted container is pid 1 again.
    if (name === String(process.pid) || !running(Number(name))) {
      rmSync(path.join(area, name), { recursive: true, force: true });
    }
  }
  return path.join(area, String(process.pid));
}

function running(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code === 'EPERM'; // alive, someone else's
  }
}
