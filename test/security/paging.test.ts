/**
 * Lists page with integer query parameters and a cursor to the next page, on both databases:
 * the audit log (`?afterSeq=&limit=`, `nextAfterSeq`), the queue and the near-copy list
 * (`?limit=&after=`, `next`). Reading every page gives every row once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASES } from '../helpers/databases.ts';
import { completeRequest } from '../helpers/fixtures.ts';
import { call, openSecurityHarness } from './support.ts';
import type { SecurityHarness } from './support.ts';

describe.each(DATABASES)('paging on %s', (kind) => {
  let h: SecurityHarness;
  beforeAll(async () => {
    h = await openSecurityHarness(kind);
    for (let i = 0; i < 6; i++) {
      await h.rt.submit({ submission: completeRequest({ minorInvolved: i === 3 }), channel: 'api' });
    }
  });
  afterAll(() => h?.close());

  it('pages through the whole audit log with afterSeq and limit', async () => {
    const auditor = await h.apiHeaders('auditor');
    const all = await call(h.port, 'GET', '/api/v1/audit/events?limit=1000', auditor);
    expect(all.status).toBe(200);
    expect(all.json.events.length).toBeGreaterThan(7);
    expect(all.json.nextAfterSeq).toBeNull();
    const seen: number[] = [];
    let afterSeq = 0;
    for (let pages = 0; pages < 100; pages++) {
      const page = await call(h.port, 'GET', `/api/v1/audit/events?afterSeq=${afterSeq}&limit=3`, auditor);
      expect(page.status).toBe(200);
      expect(page.json.events.length).toBeLessThanOrEqual(3);
      seen.push(...page.json.events.map((e: { seq: number }) => e.seq));
      if (page.json.nextAfterSeq === null) break;
      afterSeq = page.json.nextAfterSeq;
    }
    expect(seen).toEqual(all.json.events.map((e: { seq: number }) => e.seq));
  });

  it('pages through the queue, most urgent first, with limit and the next cursor', async () => {
    const moderator = await h.apiHeaders('moderator');
    const all = await call(h.port, 'GET', '/api/v1/staff/queue?limit=500', moderator);
    expect(all.status).toBe(200);
    expect(all.json.items).toHaveLength(7);
    const seen: string[] = [];
    let path = '/api/v1/staff/queue?limit=2';
    for (let pages = 0; pages < 10; pages++) {
      const page = await call(h.port, 'GET', path, moderator);
      expect(page.status).toBe(200);
      seen.push(...page.json.items.map((i: { caseNumber: string }) => i.caseNumber));
      if (page.json.next === null) break;
      path = `/api/v1/staff/queue?limit=2&after=${page.json.next}`;
    }
    expect(seen).toEqual(all.json.items.map((i: { caseNumber: string }) => i.caseNumber));
  });

  it('pages through webhook deliveries with limit and the next cursor', async () => {
    const { webhooks } = h.rt.stayDown.repos;
    await h.rt.database.transact(async (trx) => {
      for (let i = 0; i < 5; i++) {
        await webhooks.recordDelivery(trx, {
          id: `00000000-0000-4000-8000-00000000000${i}`,
          event_id: `event-${i % 2}`,
          endpoint_id: 'endpoint-1',
          type: 'item.remove',
          attempt: 1,
          outcome: 'delivered',
          http_status: 200,
          error: null,
          duration_ms: 5,
          created_at: `2026-12-0${1 + (i % 3)}T00:00:00.000Z`,
        });
      }
    });
    const admin = await h.apiHeaders('admin');
    const all = await call(h.port, 'GET', '/api/v1/webhooks/deliveries?limit=500', admin);
    expect(all.json.deliveries).toHaveLength(5);
    const seen: string[] = [];
    let path = '/api/v1/webhooks/deliveries?limit=2';
    for (let pages = 0; pages < 10; pages++) {
      const page = await call(h.port, 'GET', path, admin);
      expect(page.status).toBe(200);
      seen.push(...page.json.deliveries.map((d: { eventId: string; at: string }) => `${d.at} ${d.eventId}`));
      if (page.json.next === null) break;
      path = `/api/v1/webhooks/deliveries?limit=2&after=${page.json.next}`;
    }
    expect(seen).toEqual(
      all.json.deliveries.map((d: { eventId: string; at: string }) => `${d.at} ${d.eventId}`),
    );
    expect(new Set(seen).size).toBe(5);
  });

  it('takes limit on the near-copy list and refuses a cursor it did not make', async () => {
    const moderator = await h.apiHeaders('moderator');
    const copies = await call(h.port, 'GET', '/api/v1/staff/copies?limit=5', moderator);
    expect(copies.status).toBe(200);
    expect(copies.json).toEqual({ findings: [], next: null });
    for (const path of [
      '/api/v1/staff/copies?after=Zm9v',
      '/api/v1/staff/queue?after=Zm9v',
      '/api/v1/staff/queue?limit=0',
    ]) {
      const answer = await call(h.port, 'GET', path, moderator);
      expect(answer.status, path).toBe(400);
      expect(answer.json.error.code).toBe('invalid_input');
    }
  });
});
