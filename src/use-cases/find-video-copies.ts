/**
 * Near copies of a removed video in the content registry, for the copy sweep: the same vPDQ rule
 * as stay-down (src/domain/video-match.ts), with the removed video in the banked video's place and
 * each active registry video in the upload's. The removed video's frames (one a second, a few
 * hundred at most) go into a small Hamming index built for this sweep; the registry's frames are
 * streamed in primary-key order (item, position) and each is searched in it, so a sweep is one
 * pass over the frame table with an indexed search per frame, however many videos the registry
 * holds. Image items have no frames and are never compared; the video's frames never meet an
 * image's PDQ.
 */
import { MultiIndexHash } from '@redress/hamming-index';
import { judgeVideoEntries } from '../domain/video-match.ts';
import type { FramePair } from '../domain/video-match.ts';
import type { Transact } from '../db/database.ts';
import type { ContentRepository, RegistryFrame } from '../db/repositories/content-repository.ts';

export interface VideoCopy {
  contentItemId: string;
  /** Median distance of the removed video's frames found to their nearest frame of the copy. */
  distance: number;
  /** Share (0..1) of the removed video's frames found in the copy. */
  share: number;
  /** Share (0..1) of the copy's frames that matched (reported, not required). */
  copyShare: number;
}

const PAGE = 5000;

export async function findVideoCopies(
  deps: { transact: Transact; content: ContentRepository },
  removedFrames: readonly string[],
  threshold: number,
  skip: ReadonlySet<string>,
): Promise<{ scanned: number; copies: VideoCopy[] }> {
  const copies: VideoCopy[] = [];
  let scanned = 0;
  if (removedFrames.length === 0) return { scanned, copies };
  const index = new MultiIndexHash();
  removedFrames.forEach((hex, i) => index.add(hex, i));
  index.compact();
  const removedCount = new Map<string, number>();

  // The frames of one registry video at a time: its pairs with the removed video's frames.
  let current: { itemId: string; frames: number; pairs: FramePair[] } | null = null;
  const judge = () => {
    if (!current) return;
    scanned++;
    if (current.pairs.length === 0 || skip.has(current.itemId)) return;
    removedCount.set(current.itemId, removedFrames.length);
    const [match] = judgeVideoEntries(current.pairs, removedCount, current.frames);
    removedCount.delete(current.itemId);
    if (match) {
      copies.push({
        contentItemId: current.itemId,
        distance: match.distance,
        share: match.bankedShare,
        copyShare: match.uploadShare,
      });
    }
  };
  const take = (frame: RegistryFrame) => {
    if (current?.itemId !== frame.content_item_id) {
      judge();
      current = { itemId: frame.content_item_id, frames: 0, pairs: [] };
    }
    current.frames++;
    for (const m of index.query(frame.hex, threshold)) {
      current.pairs.push({
        entryId: frame.content_item_id,
        bankFrameId: m.id,
        uploadFrame: Number(frame.position),
        distance: m.distance,
      });
    }
  };

  let after = { itemId: '', position: -1 };
  for (;;) {
    const page = await deps.transact((trx) => deps.content.activeFramePage(trx, after, PAGE));
    for (const frame of page) take(frame);
    if (page.length < PAGE) break;
    const last = page[page.length - 1];
    after = { itemId: last.content_item_id, position: Number(last.position) };
  }
  judge();
  return { scanned, copies };
}
