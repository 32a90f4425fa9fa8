/**
 * Pure rules, no I/O: the elements each legal basis requires (TIDA-C2, J1-J3), the state
 * machine, the 48-hour clock and its stages (D1, D2), the audit chain's canonical form, and
 * case numbers.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/domain/audit-events.ts';
import { CASE_NUMBER_PATTERN, formatCaseNumber } from '../../src/domain/case-number.ts';
import { ManualClock, deadlineOf, dueStages } from '../../src/domain/clock.ts';
import { mergeSubmission, missingElements } from '../../src/domain/elements.ts';
import { slaMetrics } from '../../src/domain/metrics.ts';
import {
  assertTransition,
  closingStatus,
  preservationEnd,
  statusAfterAppeal,
} from '../../src/domain/request.ts';
import type { Submission } from '../../src/domain/request.ts';
import { completeRequest } from '../helpers/fixtures.ts';

const hours = { triage: 12, decision: 24, removal: 36, alarm: 44 };
const none = { assignedAt: null, decidedAt: null, closedAt: null };

describe('required elements per legal basis', () => {
  it('TIDA-C2: the four elements make a TAKE IT DOWN request complete', () => {
    expect(missingElements(completeRequest())).toEqual([]);
  });

  it('TIDA-C2: lists each missing element in a stable order', () => {
    const empty: Submission = {
      legalBasis: 'take_it_down',
      submitter: { role: 'depicted_person' },
      items: [],
    };
    expect(missingElements(empty)).toEqual(['signature', 'item_location', 'good_faith_statement', 'contact']);
  });

  it('TIDA-C2.2: every item needs a URL or an item id; hashes alone do not locate it', () => {
    expect(
      missingElements(
        completeRequest({ items: [{ url: 'https://x.example/1' }, { sha256: 'ab'.repeat(32) }] }),
      ),
    ).toEqual(['item_location']);
  });

  it('TIDA-C5: optional fields never block a complete request', () => {
    const sub = completeRequest({ aiGeneratedBelief: true, minorInvolved: true, perjuryStatement: false });
    expect(missingElements(sub)).toEqual([]);
  });

  it('TIDA-J1: a DSA notice needs exact URLs, name, email and the bona fide statement', () => {
    const sub = completeRequest({ legalBasis: 'dsa' });
    expect(missingElements(sub)).toEqual(['exact_url', 'bona_fide_statement']);
  });

  it('TIDA-J3: a DMCA notice needs the work, a phone or address and the perjury statement', () => {
    expect(missingElements(completeRequest({ legalBasis: 'dmca' }))).toEqual([
      'copyrighted_work',
      'postal_address_or_phone',
      'perjury_statement',
    ]);
  });

  it('TIDA-J2: a UK OSA report needs location, statement and contact', () => {
    expect(missingElements(completeRequest({ legalBasis: 'uk_osa', signature: undefined }))).toEqual([]);
  });

  it('TIDA-D3: completing keeps the original basis and adds to the submitter', () => {
    const merged = mergeSubmission(completeRequest({ signature: undefined }), {
      signature: { fullName: 'A' },
      legalBasis: 'dmca',
    });
    expect(merged.legalBasis).toBe('take_it_down');
    expect(missingElements(merged)).toEqual([]);
  });
});

describe('state machine', () => {
  it('allows the documented path and refuses the rest', () => {
    expect(() => assertTransition('in_review', 'approve')).not.toThrow();
    expect(() => assertTransition('received', 'approve')).toThrow(/cannot approve/);
    expect(() => assertTransition('removed', 'withdraw')).toThrow();
    expect(() => assertTransition('rejected', 'appeal')).not.toThrow();
  });

  it('closes as removed, partially removed or rejected from the item outcomes', () => {
    expect(closingStatus(['removed', 'pending'])).toBeNull();
    expect(closingStatus(['removed', 'preserved'])).toBe('removed');
    expect(closingStatus(['removed', 'not_found'])).toBe('partially_removed');
    expect(closingStatus(['not_found'])).toBe('rejected');
  });

  it('TIDA-G1: overturning a refusal reopens review; overturning a removal restores', () => {
    expect(statusAfterAppeal('rejected', 'overturn')).toBe('in_review');
    expect(statusAfterAppeal('removed', 'overturn')).toBe('restored');
    expect(statusAfterAppeal('removed', 'uphold')).toBe('removed');
  });

  it('TIDA-A4: evidence involving a minor is preserved for one year', () => {
    expect(preservationEnd(new Date('2026-03-01T00:00:00Z')).toISOString()).toBe('2027-03-01T00:00:00.000Z');
  });
});

describe('the 48-hour clock', () => {
  const received = new Date('2026-06-01T10:00:00Z');
  const at = (h: number) => new Date(received.getTime() + h * 3_600_000);

  it('TIDA-D1: the deadline is 48 calendar hours after receipt, across a weekend', () => {
    const friday = new Date('2026-06-05T17:30:00Z');
    expect(deadlineOf(friday).toISOString()).toBe('2026-06-07T17:30:00.000Z');
  });

  it('TIDA-D2: stages fall due at 12, 24, 36, 44 and 48 hours when nothing happens', () => {
    expect(dueStages(received, at(11.9), none, hours)).toEqual([]);
    expect(dueStages(received, at(12), none, hours)).toEqual(['triage']);
    expect(dueStages(received, at(44), none, hours)).toEqual(['triage', 'decision', 'removal', 'alarm']);
    expect(dueStages(received, at(48), none, hours)).toEqual([
      'triage',
      'decision',
      'removal',
      'alarm',
      'overdue',
    ]);
  });

  it('TIDA-D2: a milestone met in time silences its stage; met late, it does not', () => {
    expect(dueStages(received, at(30), { ...none, assignedAt: at(2) }, hours)).toEqual(['decision']);
    expect(dueStages(received, at(30), { ...none, assignedAt: at(13) }, hours)).toEqual([
      'triage',
      'decision',
    ]);
    expect(
      dueStages(received, at(60), { assignedAt: at(1), decidedAt: at(3), closedAt: at(5) }, hours),
    ).toEqual([]);
    expect(
      dueStages(received, at(60), { assignedAt: at(1), decidedAt: at(3), closedAt: at(47) }, hours),
    ).toEqual(['removal', 'alarm']);
  });

  it('a manual clock moves only when told', () => {
    const clock = new ManualClock('2026-01-01T00:00:00Z');
    clock.advanceHours(48);
    expect(clock.now().toISOString()).toBe('2026-01-03T00:00:00.000Z');
  });
});

describe('audit canonical form and case numbers', () => {
  it('serialises with sorted keys so re-encoding cannot change a hash', () => {
    expect(canonicalJson({ b: 1, a: [{ d: null, c: 'x' }], e: undefined })).toBe(
      '{"a":[{"c":"x","d":null}],"b":1}',
    );
  });

  it('formats case numbers from random bytes without ambiguous letters', () => {
    const n = formatCaseNumber(new Uint8Array([0, 1, 8, 18, 21, 27, 31, 30]));
    expect(n).toBe('RD-018J-NVZY');
    expect(new RegExp(CASE_NUMBER_PATTERN).test(n)).toBe(true);
  });
});

describe('SLA metrics (TIDA-H2)', () => {
  const base = { legalBasis: 'take_it_down', minorInvolved: false, validatedAt: '2026-01-01T00:00:00.000Z' };
  const facts = [1, 2, 3, 50].map((h) => ({
    ...base,
    status: 'removed',
    receivedAt: '2026-01-01T00:00:00.000Z',
    decidedAt: '2026-01-01T00:30:00.000Z',
    closedAt: new Date(Date.parse('2026-01-01T00:00:00Z') + h * 3_600_000).toISOString(),
    deadlineAt: '2026-01-03T00:00:00.000Z',
  }));

  it('gives median and p95 times and the share removed within 48 hours', () => {
    const m = slaMetrics(
      [...facts, { ...facts[0], status: 'in_review', closedAt: null, decidedAt: null }],
      new Date('2026-01-05T00:00:00Z'),
    );
    expect(m.remove).toEqual({ count: 4, medianHours: 2, p95Hours: 50 });
    expect(m.decide.medianHours).toBe(0.5);
    expect(m.removedWithin48h).toEqual({ removed: 4, inTime: 3, share: 0.75 });
    expect(m.openPastDeadline).toBe(1);
    expect(m.byStatus).toEqual({ removed: 4, in_review: 1 });
  });
});
