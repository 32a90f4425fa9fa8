/**
 * Assignment is the triage milestone of the 48-hour clock, so only someone who can act on the case
 * may be assigned: an enabled moderator (or admin) account. Unknown, empty, disabled and
 * non-moderator assignees, and an API key taking a case for itself, are refused with
 * `invalid_assignee` and leave the case unassigned; on both databases.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaffUser } from '../../src/use-cases/create-staff-user.ts';
import { createApiKey } from '../../src/use-cases/create-api-key.ts';
import { DATABASES } from '../helpers/databases.ts';
import { call, openSecurityHarness } from './support.ts';
import type { SecurityHarness } from './support.ts';

describe.each(DATABASES)('assigning a case on %s', (kind) => {
  let h: SecurityHarness;
  let disabledId: string;
  let moderatorKey: string;
  beforeAll(async () => {
    h = await openSecurityHarness(kind);
    const deps = { transact: h.rt.database.transact, staff: h.rt.repos.staff, clock: h.rt.clock };
    disabledId = (await createStaffUser(deps, { email: 'gone@staff.example', role: 'moderator' })).userId;
    await h.rt.database.transact((trx) => h.rt.repos.staff.updateUser(trx, disabledId, { disabled: 1 }));
    moderatorKey = (await createApiKey(deps, { name: 'triage-bot', role: 'moderator' })).key;
  });
  afterAll(() => h?.close());

  const assign = async (body: unknown, headers?: Record<string, string>) =>
    call(
      h.port,
      'POST',
      `/api/v1/staff/requests/${h.caseNumber}/assign`,
      headers ?? (await h.apiHeaders('moderator')),
      body,
    );
  const assignedAt = async () =>
    (await h.rt.database.transact((trx) => h.rt.repos.requests.findByCaseNumber(trx, h.caseNumber)))!
      .assigned_at;

  it('refuses unknown, empty, disabled and non-moderator assignees and leaves the case unassigned', async () => {
    const refused = [
      await assign({ assigneeId: 'does-not-exist' }),
      await assign({ assigneeId: '' }),
      await assign({ assigneeId: disabledId }),
      await assign({ assigneeId: h.users.get('auditor') }),
      await assign({}, { authorization: `Bearer ${moderatorKey}` }),
    ];
    expect(refused.map((a) => [a.status, a.json.error.code])).toEqual(
      refused.map(() => [422, 'invalid_assignee']),
    );
    expect(await assignedAt()).toBeNull();
  });

  it('assigns an enabled moderator, or the moderator who takes the case', async () => {
    const other = await assign({ assigneeId: h.users.get('moderator') }, await h.apiHeaders('admin'));
    expect(other.status).toBe(200);
    expect(other.json.assignedTo).toBe(h.users.get('moderator'));
    expect(await assignedAt()).not.toBeNull();
    const self = await assign({});
    expect(self.status).toBe(200);
    expect(self.json.assignedTo).toBe(h.users.get('moderator'));
  });
});
