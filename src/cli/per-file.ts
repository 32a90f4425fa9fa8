/**
 * The loop shared by the file commands (`bank add`, `check`): one JSON line per file on stdout,
 * `{"file","error"}` for a file that fails, a progress bar on stderr, and a non-zero exit status
 * once every file has been tried if any failed.
 */
import { progressBar } from './progress.ts';

export async function forEachFile(
  files: readonly string[],
  label: string,
  work: (file: string) => Promise<Record<string, unknown>>,
): Promise<void> {
  const progress = progressBar(files.length, label);
  let failed = 0;
  try {
    for (const file of files) {
      let line: Record<string, unknown>;
      try {
        line = { file, ...(await work(file)) };
      } catch (error) {
        failed++;
        line = { file, error: describeError(error) };
      }
      process.stdout.write(`${JSON.stringify(line)}\n`);
      progress.tick();
    }
  } finally {
    progress.stop();
  }
  if (failed > 0) process.exitCode = 1;
}

export function describeError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ENOENT') return 'no such file (MEDIA_NOT_FOUND)';
  return typeof code === 'string' ? `${message} (${code})` : message;
}
