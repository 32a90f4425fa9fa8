/** Paths of the test fixtures and readers for the reference hash tables that come with them. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));
export const PDQ_FIXTURES = `${FIXTURES}pdq/`;

export interface ReferenceRow {
  readonly path: string;
  readonly hashes: string[];
  readonly quality: number;
}

/** Rows of pdq-cpp-reference-hashes.csv (profile reference) or pdq-fullres-reference-hashes.csv. */
export function referenceHashes(profile: 'reference' | 'fullres'): ReferenceRow[] {
  const file = profile === 'reference' ? 'pdq-cpp-reference-hashes.csv' : 'pdq-fullres-reference-hashes.csv';
  return csvRows(file).map(([path, hash, quality]) => ({ path, hashes: [hash], quality: Number(quality) }));
}

/** Rows of pdq-cpp-dihedral-hashes.csv: 8 hashes in DIHEDRAL_NAMES order. */
export function referenceDihedralHashes(): ReferenceRow[] {
  return csvRows('pdq-cpp-dihedral-hashes.csv').map((cols) => ({
    path: cols[9],
    hashes: cols.slice(0, 8),
    quality: Number(cols[8]),
  }));
}

function csvRows(file: string): string[][] {
  const text = readFileSync(`${PDQ_FIXTURES}reference/${file}`, 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(','));
}
