// Library-level check of the whole pipeline, through the same code as `npm run eval:robustness`:
// bank a slice of the robustness corpus, make every edited copy, check each against the bank.
// Copies must find their own original far more often than plain PDQ does, and never another one.
import { describe, expect, it } from 'vitest';
import { explainMatch } from '@redress/match';
import { bankOriginals, evaluateCopies, loadOriginals, summarise } from '../../bench/robustness-core.ts';

const SLICE = [
  'bridge.jpg',
  'labelme-q0746.jpg',
  'text-page-1.jpg',
  'texture-bark.jpg',
  'wall-dragonfly.jpg',
  'wall-wine.jpg',
];

describe('bank then check (robustness corpus slice)', () => {
  it('finds edited copies of banked images, with no false match', { timeout: 180_000 }, async () => {
    const all = await loadOriginals('test/fixtures/robustness/originals');
    const originals = all.filter((o) => SLICE.includes(o.name));
    expect(originals).toHaveLength(SLICE.length);
    const bank = await bankOriginals(originals);
    const results = await evaluateCopies(originals, bank);

    expect(results.flatMap((r) => r.oursFalse)).toEqual([]);
    const summary = summarise(results);
    const overall = summary.find((s) => s.edit === 'OVERALL')!;
    expect(overall.ours).toBeGreaterThanOrEqual(0.95);
    expect(overall.ours).toBeGreaterThan(overall.baseline + 0.25);
    for (const s of summary) expect(s.ours, s.edit).toBeGreaterThanOrEqual(0.8);
    for (const edit of ['border', 'letterbox', 'screenshot', 'crop-15', 'tilt-3']) {
      expect(summary.find((s) => s.edit === edit)!.baseline, edit).toBeLessThan(0.5);
    }
    const found = results.find((r) => r.edit === 'tilt-3' && r.ours)!;
    expect(explainMatch(found.ours!, originals[found.original].name)).toMatch(/tilted [+-]3 degrees/);
  });
});
