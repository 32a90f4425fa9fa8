/**
 * No import circles in the service or the packages: a file that imports, through any chain, a
 * file that imports it back makes load order matter and the two impossible to read apart.
 * Type-only imports count too: they are the first step of most circles.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCircles, importGraph } from './import-graph.ts';

const root = path.resolve(import.meta.dirname, '../..');

describe('the import graph', () => {
  it('has no circles', () => {
    const graph = importGraph(root, ['src', 'packages']);
    expect(graph.size).toBeGreaterThan(200);
    expect(importCircles(graph)).toEqual([]);
  });

  it('finds a circle when there is one', () => {
    const graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    expect(importCircles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
