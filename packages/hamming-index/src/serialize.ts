/**
 * The binary format both indexes read and write. It stores entries, not search tables:
 * tables are three to four times the size of the codes and rebuild in seconds, so files
 * stay small and any implementation (or a future table layout) can load any file.
 *
 * Layout, little-endian:
 *   0  magic 'RDHX'            4  u16 version (1)     6  u8 id width (32|64)   7  u8 zero
 *   8  u32 entry count n      12  u32 zero (keeps what follows 8-byte aligned)
 *  16  codes: n x 8 u32 words (word 0 = most significant hex digits)
 *  16 + 32n  ids: n x u32, or n x f64 (integers) when the id width is 64
 *  end - 4   u32 CRC-32 of every byte before it
 */
import { WORDS } from './codes.ts';
import { crc32 } from './crc32.ts';
import { IndexFormatError } from './errors.ts';
import { EntryStore } from './store.ts';
import type { IdWidth } from './types.ts';

export const FORMAT_VERSION = 1;
const MAGIC = [0x52, 0x44, 0x48, 0x58];
const HEADER = 16;
const LITTLE = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

function copyLittleEndian(dst: Uint8Array, at: number, words: Uint32Array | Float64Array): void {
  const raw = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
  dst.set(raw, at);
  if (LITTLE) return;
  const size = words.BYTES_PER_ELEMENT;
  for (let i = at; i < at + raw.length; i += size) dst.subarray(i, i + size).reverse();
}

/**
 * Writes the live entries of `store` in the format above.
 * @example const bytes = encodeStore(store); // bytes.length === 16 + n * (32 + 4) + 4
 */
export function encodeStore(store: EntryStore): Uint8Array {
  const s = store.live === store.length ? store : store.compacted();
  const n = s.length;
  const idBytes = s.idWidth / 8;
  const out = new Uint8Array(HEADER + n * (32 + idBytes) + 4);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  view.setUint16(4, FORMAT_VERSION, true);
  out[6] = s.idWidth;
  view.setUint32(8, n, true);
  copyLittleEndian(out, HEADER, s.codes.subarray(0, n * WORDS));
  copyLittleEndian(out, HEADER + n * 32, s.ids.subarray(0, n));
  view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
  return out;
}

function readArray<T extends Uint32Array | Float64Array>(bytes: Uint8Array, at: number, into: T): T {
  const raw = new Uint8Array(into.buffer);
  raw.set(bytes.subarray(at, at + raw.length));
  if (!LITTLE) {
    const size = into.BYTES_PER_ELEMENT;
    for (let i = 0; i < raw.length; i += size) raw.subarray(i, i + size).reverse();
  }
  return into;
}

/**
 * Reads and verifies a serialised index; throws IndexFormatError (INDEX_TRUNCATED,
 * INDEX_CORRUPT or INDEX_VERSION) instead of ever returning partial data.
 * @example const store = decodeStore(await file.bytes());
 */
export function decodeStore(bytes: Uint8Array): EntryStore {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('expected a Uint8Array');
  for (let i = 0; i < Math.min(4, bytes.length); i++) {
    if (bytes[i] !== MAGIC[i])
      throw new IndexFormatError('INDEX_CORRUPT', 'not a Redress hamming index (bad magic)');
  }
  if (bytes.length < HEADER + 4) {
    throw new IndexFormatError('INDEX_TRUNCATED', `${bytes.length} bytes is shorter than the header`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION) {
    throw new IndexFormatError(
      'INDEX_VERSION',
      `format version ${version}, this code reads ${FORMAT_VERSION}`,
    );
  }
  const idWidth = bytes[6];
  if ((idWidth !== 32 && idWidth !== 64) || bytes[7] !== 0 || view.getUint32(12, true) !== 0) {
    throw new IndexFormatError('INDEX_CORRUPT', 'header fields out of range');
  }
  const n = view.getUint32(8, true);
  const expected = HEADER + n * (32 + idWidth / 8) + 4;
  if (bytes.length < expected) {
    throw new IndexFormatError('INDEX_TRUNCATED', `${bytes.length} bytes, ${n} entries need ${expected}`);
  }
  if (bytes.length > expected) {
    throw new IndexFormatError('INDEX_CORRUPT', `${bytes.length - expected} unexpected bytes after the data`);
  }
  const stored = view.getUint32(expected - 4, true);
  if (crc32(bytes.subarray(0, expected - 4)) !== stored) {
    throw new IndexFormatError('INDEX_CORRUPT', 'checksum mismatch');
  }
  const store = new EntryStore(idWidth as IdWidth, n);
  readArray(bytes, HEADER, store.codes);
  readArray(bytes, HEADER + n * 32, store.ids);
  if (idWidth === 64) {
    for (let i = 0; i < n; i++) {
      const id = store.ids[i];
      if (!Number.isSafeInteger(id) || id < 0) throw new IndexFormatError('INDEX_CORRUPT', `bad id at ${i}`);
    }
  }
  store.length = store.live = n;
  return store;
}
