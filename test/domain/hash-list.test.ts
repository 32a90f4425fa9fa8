/**
 * Reading partners' hash lists: the shapes of a bank export (one page, an array of pages, a page
 * per line), plain lists with qualities, comments and repeats, and the errors that name the line
 * or entry at fault.
 */
import { describe, expect, it } from 'vitest';
import { parseHashList } from '../../src/domain/hash-list.ts';

const pdq = 'ab'.repeat(32);
const other = 'cd'.repeat(32);
const page = (entries: unknown[]) => ({ bank: 'shared', entries, next: null });
const entry = (id: string, value: string, withdrawnAt: string | null = null) => ({
  entry: id,
  sourceKind: 'api',
  createdAt: '2026-11-01T00:00:00.000Z',
  withdrawnAt,
  hashes: [{ kind: 'pdq', value, variant: 'original' }],
});

describe('parseHashList', () => {
  it('reads an export as one page, an array of pages or a page per line, the later state winning', () => {
    const first = page([entry('e1', pdq), entry('e2', other)]);
    const second = page([entry('e2', other, '2026-11-02T00:00:00.000Z')]);
    const expected = [
      {
        ref: 'e1',
        withdrawn: false,
        hashes: [{ kind: 'pdq', value: pdq, variant: 'original', quality: null }],
      },
      {
        ref: 'e2',
        withdrawn: true,
        hashes: [{ kind: 'pdq', value: other, variant: 'original', quality: null }],
      },
    ];
    expect(parseHashList(`${JSON.stringify(first)}\n${JSON.stringify(second)}\n`)).toEqual(expected);
    expect(parseHashList(JSON.stringify([first, second]))).toEqual(expected);
    expect(parseHashList(JSON.stringify(first)).map((e) => e.withdrawn)).toEqual([false, false]);
    expect(parseHashList(`\uFEFF${JSON.stringify(first)}`)).toHaveLength(2);
  });

  it('keeps the pipeline version of derived variants and names unnamed video frames by place', () => {
    const derived = {
      entry: 'v',
      withdrawnAt: null,
      hashes: [
        { kind: 'pdq', value: pdq, variant: 'crop-15', pipeline: 1 },
        { kind: 'vpdq', value: other },
        { kind: 'vpdq', value: pdq },
      ],
    };
    expect(parseHashList(JSON.stringify(page([derived])))[0].hashes).toEqual([
      { kind: 'pdq', value: pdq, variant: 'crop-15', quality: null, pipeline: 1 },
      { kind: 'vpdq', value: other, variant: 'frame#1', quality: null },
      { kind: 'vpdq', value: pdq, variant: 'frame#2', quality: null },
    ]);
  });

  it('reads a plain list: upper case, qualities, comments, blank lines and repeats', () => {
    const text = `\uFEFF# partner list\r\n\r\n${pdq.toUpperCase()},90\r\n${other}\n${pdq}\n`;
    expect(parseHashList(text)).toEqual([
      { ref: pdq, withdrawn: false, hashes: [{ kind: 'pdq', value: pdq, variant: 'original', quality: 90 }] },
      {
        ref: other,
        withdrawn: false,
        hashes: [{ kind: 'pdq', value: other, variant: 'original', quality: null }],
      },
    ]);
    const md5 = '0123456789abcdef'.repeat(2);
    expect(parseHashList(`${md5}\n`, 'md5')[0].hashes[0]).toEqual({
      kind: 'md5',
      value: md5,
      variant: 'file',
      quality: null,
    });
  });

  it("reads HMA's file exchange lines, the kind first", () => {
    const md5 = '0123456789abcdef'.repeat(2);
    const hashes = parseHashList(`pdq ${pdq}\nMD5 ${md5}\nsha256 ${other}\n`).map((e) => e.hashes[0]);
    expect(hashes.map((h) => [h.kind, h.value, h.variant])).toEqual([
      ['pdq', pdq, 'original'],
      ['md5', md5, 'file'],
      ['sha256', other, 'file'],
    ]);
  });

  it('names what is wrong', () => {
    const cases: Array<[string, RegExp]> = [
      [`${pdq}\n${pdq.slice(2)}\n`, /^line 2: pdq hashes are 64 hex digits/],
      [`${pdq},101\n`, /^line 1: expected \[KIND\] HEX \[QUALITY/],
      [`${pdq},90,extra\n`, /^line 1: expected \[KIND\] HEX \[QUALITY/],
      [`{"entries":[]}\n{oops\n`, /^line 2: not JSON/],
      [`md5 ${pdq}\n`, /^line 1: md5 hashes are 32 hex digits/],
      [`pdq\n`, /^line 1: pdq hashes are 64 hex digits/],
      [JSON.stringify({ hashes: [] }), /^page 1: no "entries" list/],
      [JSON.stringify(page([{ withdrawnAt: null, hashes: [] }])), /^page 1: an entry without an "entry" id/],
      [JSON.stringify(page([{ entry: 'e', hashes: [] }])), /^page 1, entry e: no hashes/],
      [
        JSON.stringify(page([{ entry: 'e', hashes: [{ kind: 'tmk', value: pdq }] }])),
        /unknown hash kind "tmk"/,
      ],
      [
        JSON.stringify(page([{ entry: 'e', hashes: [{ kind: 'md5', value: pdq }] }])),
        /md5 hashes are 32 hex digits/,
      ],
      [
        JSON.stringify(page([{ entry: 'e', hashes: [{ kind: 'pdq', value: pdq, pipeline: 0 }] }])),
        /"pipeline" is a version/,
      ],
    ];
    for (const [text, message] of cases) {
      expect(() => parseHashList(text), text).toThrow(message);
    }
  });
});
