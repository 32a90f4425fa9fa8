/**
 * Previews drawn in memory: a video becomes one poster frame taken by the real ffmpeg from a pipe,
 * blurred and grey like an image, and bytes that are no media give a MediaError, not a crash.
 */
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { MediaError } from '../../src/media/media-error.ts';
import { renderPreview } from '../../src/media/preview-image.ts';

const VIDEO = path.join(import.meta.dirname, '../fixtures/vpdq/test-padded-dimensions.mp4');
const BLURRED_GREY = { blurSigma: 12, greyscale: true, maxSide: 320 };

describe('renderPreview', () => {
  it('turns a video into one small, grey poster frame', async () => {
    const jpeg = await renderPreview(fs.readFileSync(VIDEO), BLURRED_GREY);
    const meta = await sharp(jpeg).metadata();
    expect(meta.format).toBe('jpeg');
    expect(meta.channels).toBe(1);
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBeLessThanOrEqual(320);
  });

  it('refuses bytes that are no image or video with a MediaError', async () => {
    const error = await renderPreview(Buffer.from('<html>not media</html>'), BLURRED_GREY).catch((e) => e);
    expect(error).toBeInstanceOf(MediaError);
  });
});
