/**
 * `redress hash-video`: the vPDQ hash of a video file, in the reference's line format
 * (`frame_number,quality,pdq_hex,timestamp_seconds`), decoded by Debian's ffmpeg.
 */
import type { Command } from 'commander';
import { formatVpdq } from '@redress/pdq';
import { hashVideoFile } from '../media/video-frames.ts';

export function registerHashVideoCommand(program: Command): void {
  program
    .command('hash-video')
    .description('print the vPDQ hash of a video: frame_number,quality,pdq_hex,timestamp_seconds per frame')
    .argument('<file>', 'video file (MP4, MOV, MKV, WebM, AVI, MPEG-TS, FLV)')
    .action(async (file: string) => {
      process.stdout.write(formatVpdq(await hashVideoFile(file)));
    });
}
