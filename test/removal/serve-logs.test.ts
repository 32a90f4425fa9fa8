/**
 * What an operator sees when `redress serve` starts and runs: the first-run set-up link in a box
 * on stderr, one log line per HTTP request (method, route, status, ms, request id) instead of two,
 * and a warning when no on-call address is configured for escalations and minor-involved cases.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, childEnv } from '../helpers/cli.ts';
import { freePort } from '../support/net.ts';

async function waitFor(condition: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('redress serve output', () => {
  it('boxes the set-up link, logs one line per request and warns about missing on-call addresses', async () => {
    const port = await freePort();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'redress-logs-'));
    const child = spawn(process.execPath, [BIN, 'serve', '--port', String(port), '--data-dir', dataDir], {
      env: childEnv({}),
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    try {
      await waitFor(() => stderr.includes('/setup?token='), 60_000);
      const base = `http://127.0.0.1:${port}`;
      for (const url of ['/api/health', '/api/health', '/notice', '/api/v1/nothing-here'])
        await fetch(base + url);
      await waitFor(() => (stdout.match(/"route"/g) ?? []).length >= 4, 10_000);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('close', r));
    }

    const box = stderr.split('\n').filter((l) => l.startsWith('|') || l.startsWith('+'));
    expect(box[0]).toMatch(/^\+-+\+$/);
    expect(box.at(-1)).toBe(box[0]);
    expect(box.every((l) => l.length === box[0].length)).toBe(true);
    expect(box.some((l) => /^\| {3}http:\/\/127\.0\.0\.1:\d+\/setup\?token=setup_\S+ +\|$/.test(l))).toBe(
      true,
    );

    const lines = stdout
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const requests = lines.filter((l) => 'route' in l);
    expect(requests.map((l) => l.msg)).toEqual([
      expect.stringMatching(/^GET \/api\/health 200 [\d.]+ ms$/),
      expect.stringMatching(/^GET \/api\/health 200 [\d.]+ ms$/),
      expect.stringMatching(/^GET \/notice 200 [\d.]+ ms$/),
      expect.stringMatching(/^GET unmatched 404 [\d.]+ ms$/),
    ]);
    for (const l of requests) {
      expect(l).toMatchObject({ method: 'GET', status: expect.any(Number), ms: expect.any(Number) });
      expect(l.reqId).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(lines.some((l) => l.msg === 'incoming request' || l.msg === 'request completed')).toBe(false);
    expect(lines.some((l) => l.level === 40 && String(l.msg).includes('REDRESS_STAFF_EMAILS'))).toBe(true);
  }, 90_000);
});
