/**
 * A progress bar on stderr for long runs of the file commands, so stdout stays one JSON line per
 * file for scripts. Shown only when stderr is a terminal and there is more than a handful of files.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  /** `count` more done (default 1). */
  tick(count?: number): void;
  stop(): void;
}

export function progressBar(total: number, label: string): Progress {
  if (!process.stderr.isTTY || total < 5) return { tick() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    { stream: process.stderr, format: `${label} [{bar}] {value}/{total} {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return { tick: (count = 1) => bar.increment(count), stop: () => bar.stop() };
}
