/**
 * Hostile media made at test time, never committed: a tiny SVG that asks for a huge filtered
 * render, a HEIC of any size built the way phones build them (a grid of 512 px HEVC tiles, here
 * one grey tile encoded by ffmpeg's libx265 and referenced by every cell, so 8000 x 8000 pixels
 * fit in a few kilobytes), and long grey videos from ffmpeg's lavfi source.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** 236 bytes: 9999 x 10000 of turbulence, blurred. */
export const HOSTILE_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="9999" height="10000">' +
  '<filter id="f"><feTurbulence baseFrequency="0.95" numOctaves="10"/>' +
  '<feGaussianBlur stdDeviation="40"/></filter>' +
  '<rect width="100%" height="100%" filter="url(#f)"/></svg>';

async function inTempDir<T>(work: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'redress-hostile-'));
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An MP4 of flat grey frames: tiny on disk, any length and size once decoded. */
export function greyVideo(seconds: number, width: number, height: number, fps = 30): Promise<Buffer> {
  return inTempDir(async (dir) => {
    const file = path.join(dir, 'grey.mp4');
    const lavfi = `color=c=gray:s=${width}x${height}:r=${fps}:d=${seconds}`;
    await run('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', lavfi, '-c:v', 'libx264', '-preset', 'ultrafast'],
      ...['-pix_fmt', 'yuv420p', file],
    ]);
    return readFile(file);
  });
}

const TILE = 512;

const u8 = (n: number) => Buffer.from([n]);
const u16 = (n: number) => Buffer.from([n >> 8, n & 255]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const box = (type: string, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([u32(body.length + 8), Buffer.from(type, 'latin1'), body]);
};
const fullBox = (type: string, version: number, flags: number, ...parts: Buffer[]) =>
  box(type, u32((version << 24) | flags), ...parts);

/** The body of the first box of `type` along `route` (a path of nested box types) in an MP4. */
function findBox(data: Buffer, route: string[], skip: Record<string, number> = {}): Buffer {
  let at = 0;
  let scope = data;
  for (const type of route) {
    let found: Buffer | undefined;
    while (at + 8 <= scope.length) {
      const size = scope.readUInt32BE(at);
      if (scope.toString('latin1', at + 4, at + 8) === type) {
        found = scope.subarray(at + 8 + (skip[type] ?? 0), at + size);
        break;
      }
      at += size;
    }
    if (!found) throw new Error(`no ${type} box`);
    scope = found;
    at = 0;
  }
  return scope;
}

/** One grey 512 x 512 HEVC picture from libx265: its hvcC configuration and coded sample. */
async function greyTile(): Promise<{ hvcC: Buffer; sample: Buffer }> {
  return inTempDir(async (dir) => {
    const file = path.join(dir, 'tile.mp4');
    await run('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', `color=c=gray:s=${TILE}x${TILE}`, '-frames:v', '1'],
      ...['-c:v', 'libx265', '-x265-params', 'log-level=error', '-tag:v', 'hvc1', '-pix_fmt', 'yuv420p'],
      file,
    ]);
    const mp4 = await readFile(file);
    // stsd: a full box with an entry count; hvc1: a visual sample entry of 78 bytes before its boxes.
    const route = ['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'hvc1', 'hvcC'];
    const hvcC = findBox(mp4, route, { stsd: 8, hvc1: 78 });
    return { hvcC: box('hvcC', hvcC), sample: findBox(mp4, ['mdat']) };
  });
}

/**
 * A HEIC whose primary image is a `width` x `height` grid of the same grey tile: libheif decodes
 * every cell, so the whole picture is allocated and decoded as for a real photo of that size.
 */
export async function gridHeic(width: number, height: number): Promise<Buffer> {
  const { hvcC, sample } = await greyTile();
  const columns = Math.ceil(width / TILE);
  const rows = Math.ceil(height / TILE);
  const tiles = Array.from({ length: rows * columns }, (_, i) => i + 2); // item 1 is the grid
  const gridData = Buffer.concat([u8(0), u8(0), u8(rows - 1), u8(columns - 1), u16(width), u16(height)]);
  const ftyp = box('ftyp', Buffer.from('heic', 'latin1'), u32(0), Buffer.from('mif1heic', 'latin1'));
  const meta = (mdatStart: number) => {
    const locate = (id: number, offset: number, length: number) =>
      Buffer.concat([u16(id), u16(0), u16(1), u32(offset), u32(length)]);
    const tileAt = mdatStart + gridData.length;
    const infe = (id: number, type: string) =>
      fullBox('infe', 2, 0, u16(id), u16(0), Buffer.from(type, 'latin1'), u8(0));
    const association = (id: number, ...indexes: number[]) =>
      Buffer.concat([u16(id), u8(indexes.length), ...indexes.map((i) => u8(0x80 | i))]);
    return fullBox(
      'meta',
      0,
      0,
      fullBox('hdlr', 0, 0, u32(0), Buffer.from('pict', 'latin1'), Buffer.alloc(12), u8(0)),
      fullBox('pitm', 0, 0, u16(1)),
      fullBox(
        'iloc',
        0,
        0,
        u8(0x44), // offset and length sizes: 4 bytes
        u8(0), // no base offset
        u16(1 + tiles.length),
        locate(1, mdatStart, gridData.length),
        ...tiles.map((id) => locate(id, tileAt, sample.length)),
      ),
      fullBox('iinf', 0, 0, u16(1 + tiles.length), infe(1, 'grid'), ...tiles.map((id) => infe(id, 'hvc1'))),
      fullBox('iref', 0, 0, box('dimg', u16(1), u16(tiles.length), ...tiles.map(u16))),
      box(
        'iprp',
        box(
          'ipco',
          hvcC,
          fullBox('ispe', 0, 0, u32(TILE), u32(TILE)),
          fullBox('ispe', 0, 0, u32(width), u32(height)),
        ),
        fullBox(
          'ipma',
          0,
          0,
          u32(1 + tiles.length),
          association(1, 3),
          ...tiles.map((id) => association(id, 1, 2)),
        ),
      ),
    );
  };
  const headerLength = ftyp.length + meta(0).length + 8;
  return Buffer.concat([ftyp, meta(headerLength), box('mdat', gridData, sample)]);
}
