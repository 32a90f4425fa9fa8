/**
 * `redress hash`: PDQ hashes of image files, one CSV line per file, in the reference tool's
 * formats so its output can be diffed against the reference directly. A file that fails is
 * reported on stderr with its error code; the others are still hashed, and the exit status
 * says something failed.
 *
 * Files are hashed on the hashing threads, several at once (a few per thread, so a thread never
 * waits for the next file to be read), and printed in the order given.
 */
import type { Command } from 'commander';
import { toHex, type PdqProfile } from '@redress/pdq';
import { HashPool } from '../media/hash-pool.ts';
import type { ImageHashes } from '../media/hash-image.ts';
import { DEFAULT_DECODE_LIMITS } from '../media/decode-limits.ts';
import { readImageFile } from '../media/read-image-file.ts';

/** Files in flight per hashing thread. */
const FILES_PER_THREAD = 2;

export function registerHashCommand(program: Command): void {
  program
    .command('hash')
    .description('print PDQ hashes: hash,quality,FILE (or the 8 dihedral hashes with --dihedral)')
    .argument('<files...>', 'image files (JPEG, PNG, WebP, GIF, AVIF, TIFF, HEIC)')
    .option('--profile <profile>', 'reference (512x512 pre-resize, as the C++ tool) or fullres', 'reference')
    .option('--dihedral', 'print orig,rot90,rot180,rot270,flipx,flipy,flipplus1,flipminus1,quality,FILE')
    .action(async (files: string[], options: { profile: string; dihedral?: boolean }) => {
      const profile = parseProfile(options.profile);
      const pool = new HashPool();
      const hash = async (file: string): Promise<ImageHashes> =>
        pool.imageHashes(await readImageFile(file), profile, DEFAULT_DECODE_LIMITS);
      let failed = 0;
      try {
        const inFlight: Promise<ImageHashes>[] = [];
        let next = 0;
        const fill = () => {
          while (next < files.length && inFlight.length < pool.parallelism * FILES_PER_THREAD) {
            const started = hash(files[next++]);
            started.catch(() => {}); // reported in order below
            inFlight.push(started);
          }
        };
        for (const file of files) {
          fill();
          try {
            const { dihedral, quality } = await inFlight.shift()!;
            const hashes = options.dihedral ? dihedral.map(toHex) : [toHex(dihedral[0])];
            process.stdout.write(`${hashes.join(',')},${quality},${file}\n`);
          } catch (error) {
            failed++;
            const code = (error as { code?: string }).code ?? 'ERROR';
            process.stderr.write(`redress hash: ${file}: ${(error as Error).message} (${code})\n`);
          }
        }
      } finally {
        await pool.close();
      }
      if (failed > 0) process.exitCode = 1;
    });
}

function parseProfile(value: string): PdqProfile {
  if (value === 'reference' || value === 'fullres') return value;
  throw new Error(`--profile must be reference or fullres, not ${JSON.stringify(value)}`);
}
