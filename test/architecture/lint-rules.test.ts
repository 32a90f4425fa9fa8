/**
 * Each import boundary of docs/ARCHITECTURE.md, fed to lint as a file that breaks it: lint must
 * refuse every one (and accept the allowed neighbour), so loosening a rule fails here.
 */
import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root });

async function ruleIdsFor(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, file) });
  return result!.messages.map((m) => m.ruleId ?? m.message);
}

const forbidden: Array<[rule: string, file: string, source: string]> = [
  ['packages: no service code', 'packages/pdq/src/probe.ts', "import '../../../src/config.ts';"],
  ['packages: no node: built-ins', 'packages/match/src/probe.ts', "import 'node:fs';"],
  ['packages: no bare worker_threads', 'packages/pdq/src/probe.ts', "import 'worker_threads';"],
  ['packages: no I/O library', 'packages/hamming-index/src/probe.ts', "import 'sharp';"],
  ['domain: no bare stream', 'src/domain/probe.ts', "import 'stream';"],
  ['domain: no worker_threads', 'src/domain/probe.ts', "import 'node:worker_threads';"],
  ['domain: no sharp', 'src/domain/probe.ts', "import 'sharp';"],
  ['domain: no pg', 'src/domain/probe.ts', "import 'pg';"],
  ['domain: no kysely', 'src/domain/probe.ts', "import 'kysely';"],
  ['domain: no use cases', 'src/domain/probe.ts', "import '../use-cases/submit-request.ts';"],
  ['domain: no database', 'src/domain/probe.ts', "import '../db/database.ts';"],
  ['domain: no logger', 'src/domain/probe.ts', "import '../logger.ts';"],
  ['domain: no web', 'src/domain/probe.ts', "import '../web/html.ts';"],
  ['domain: no media', 'src/domain/probe.ts', "import '../media/hash-image.ts';"],
  ['use cases: no http', 'src/use-cases/probe.ts', "import '../http/errors.ts';"],
  ['use cases: no cli', 'src/use-cases/probe.ts', "import '../cli/options.ts';"],
  ['use cases: no web', 'src/use-cases/probe.ts', "import '../web/html.ts';"],
  ['use cases: no jobs', 'src/use-cases/probe.ts', "import '../jobs/worker.ts';"],
  [
    'http: db values',
    'src/http/routes/probe.ts',
    "import { x } from '../../db/repositories/jobs-repository.ts';\nexport const y = x;",
  ],
  [
    'web: db values',
    'src/web/console/probe.ts',
    "import { x } from '../../db/database.ts';\nexport const y = x;",
  ],
  [
    'cli: db values',
    'src/cli/probe.ts',
    "import { x } from '../db/repositories/banks-repository.ts';\nexport const y = x;",
  ],
  ['jobs: db values', 'src/jobs/probe.ts', "import { x } from '../db/database.ts';\nexport const y = x;"],
  ['only config reads the environment', 'src/use-cases/probe.ts', 'export const x = process.env.X;'],
];

describe('lint refuses every import the architecture forbids', () => {
  it.each(forbidden)('%s', async (_rule, file, source) => {
    const ids = await ruleIdsFor(file, source);
    expect(ids.some((id) => /no-restricted-(imports|properties)$/.test(id))).toBe(true);
  });

  it('accepts type-only database imports in faces and pure-package imports in the domain', async () => {
    expect(
      await ruleIdsFor(
        'src/http/probe.ts',
        "import type { Executor } from '../db/database.ts';\nexport type E = Executor;",
      ),
    ).toEqual([]);
    expect(
      await ruleIdsFor(
        'src/domain/probe.ts',
        "import { hammingDistance } from '@redress/pdq';\nexport const d = hammingDistance;",
      ),
    ).toEqual([]);
    expect(await ruleIdsFor('src/use-cases/probe.ts', "import '../domain/clock.ts';")).toEqual([]);
  });
});
