/**
 * The bank hashes of a video: its SHA-256 and MD5 (exact copies) and one `vpdq` hash per sampled
 * frame, named by where the frame is (`frame@12s`) and carrying its quality, so an export gives
 * partners the frames of a vPDQ hash (E4). Shared by the API and `redress bank add`.
 */
import type { NewBankHash } from '../db/repositories/banks-repository.ts';
import type { VideoFingerprint } from '../media/video-fingerprint.ts';

export function videoBankHashes(video: VideoFingerprint): NewBankHash[] {
  return [
    { kind: 'sha256', value: video.sha256, variant: 'file', quality: null },
    { kind: 'md5', value: video.md5, variant: 'file', quality: null },
    ...video.frames.map((f) => ({
      kind: 'vpdq',
      value: f.hex,
      variant: `frame@${f.seconds}s`,
      quality: f.quality,
    })),
  ];
}
