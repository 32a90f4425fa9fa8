/**
 * Guards around intake: the per-address rate limit on anonymous submissions answers 429 in the
 * common error shape (TIDA-G3), and logs never carry personal data or secrets (I1).
 */
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/http/app.ts';
import { createLogger } from '../../src/logger.ts';
import { openTestRuntime } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';

describe('intake guards', () => {
  it('TIDA-G3: limits submissions per address with a stable error code', async () => {
    const { rt, close } = await openTestRuntime('sqlite', { extraEnv: { REDRESS_INTAKE_RATE_LIMIT: '3' } });
    const app = await buildApp(rt);
    try {
      const statuses: number[] = [];
      let last: { error?: { code: string } } = {};
      for (let i = 0; i < 4; i++) {
        const res = await app.inject({ method: 'POST', url: '/api/v1/requests', payload: completeRequest() });
        statuses.push(res.statusCode);
        last = res.json();
      }
      expect(statuses).toEqual([201, 201, 201, 429]);
      expect(last.error?.code).toBe('rate_limited');
    } finally {
      await app.close();
      await close();
    }
  });

  it('TIDA-I1: redacts contact details, statements and tokens from logs', () => {
    let out = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out += chunk.toString();
        done();
      },
    });
    const log = createLogger('info', sink);
    log.info({ body: completeRequest(), result: { statusToken: 'secret-token' } }, 'submitted');
    log.info(
      { req: { method: 'GET', url: '/api/v1/requests/RD-0000-0000/status?token=abc', id: '1' } },
      'request',
    );
    expect(out).not.toContain('alex@example.org');
    expect(out).not.toContain('Alex Example');
    expect(out).not.toContain('secret-token');
    expect(out).not.toContain('token=abc');
    expect(out).toContain('[redacted]');
  });
});
