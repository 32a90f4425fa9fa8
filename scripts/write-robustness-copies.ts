/**
 * Writes every edited copy the robustness evaluation makes to a folder, named EDIT__ORIGINAL, so
 * the command line can be checked end to end against the same copies:
 *   npx tsx scripts/write-robustness-copies.ts [ORIGINALS_DIR] OUT_DIR
 *   redress bank add takedowns ORIGINALS_DIR/*  &&  redress check --explain OUT_DIR/*
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOriginals } from '../bench/robustness-core.ts';
import { EDITS } from '../bench/robustness-edits.ts';

const [first, second] = process.argv.slice(2);
const dir = second ? first : 'test/fixtures/robustness/originals';
const out = second ?? first;
if (!out) throw new Error('usage: write-robustness-copies.ts [ORIGINALS_DIR] OUT_DIR');
mkdirSync(out, { recursive: true });
for (const { name, bytes, width, height } of await loadOriginals(dir)) {
  for (const [edit, make] of Object.entries(EDITS)) {
    const extension = edit === 'webp' ? 'webp' : 'jpg';
    writeFileSync(
      join(out, `${edit}__${name.replace(/\.[^.]+$/, '')}.${extension}`),
      await make(bytes, { width, height }),
    );
  }
}
console.log(`copies written to ${out}`);
