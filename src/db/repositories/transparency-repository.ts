/**
 * The non-personal facts a transparency report counts, for a period: requests (never their
 * sealed submission), the addresses of removed items (the report keeps only their hosts), copy
 * findings, upload blocks and appeals. Each is one indexed range scan.
 */
import type { TransparencyFacts } from '../../domain/transparency.ts';
import type { Executor } from '../database.ts';

export const transparencyRepository = {
  async facts(ex: Executor, from: string, to: string): Promise<TransparencyFacts> {
    const requests = await ex
      .selectFrom('requests')
      .select([
        'legal_basis',
        'channel',
        'status',
        'reason_code',
        'received_at',
        'validated_at',
        'decided_at',
        'closed_at',
        'deadline_at',
        'minor_involved',
      ])
      .where('received_at', '>=', from)
      .where('received_at', '<=', to)
      .execute();
    const removed = await ex
      .selectFrom('request_items')
      .select('url')
      .where('status', '=', 'removed')
      .where('resolved_at', '>=', from)
      .where('resolved_at', '<=', to)
      .where('url', 'is not', null)
      .execute();
    const findings = await ex
      .selectFrom('copy_findings')
      .select(['status', 'match_kind'])
      .where('created_at', '>=', from)
      .where('created_at', '<=', to)
      .execute();
    const blocks = await ex
      .selectFrom('upload_blocks as u')
      .innerJoin('banks as b', 'b.id', 'u.bank_id')
      .select(['u.match_kind', 'b.name'])
      .where('u.created_at', '>=', from)
      .where('u.created_at', '<=', to)
      .execute();
    const appeals = await ex
      .selectFrom('appeals')
      .select('status')
      .where('created_at', '>=', from)
      .where('created_at', '<=', to)
      .execute();
    return {
      requests: requests.map((r) => ({
        legalBasis: r.legal_basis,
        channel: r.channel,
        status: r.status,
        reasonCode: r.reason_code,
        receivedAt: r.received_at,
        validatedAt: r.validated_at,
        decidedAt: r.decided_at,
        closedAt: r.closed_at,
        deadlineAt: r.deadline_at,
        minorInvolved: Number(r.minor_involved) === 1,
      })),
      removedItemUrls: removed.map((r) => r.url as string),
      findings: findings.map((f) => ({ status: f.status, matchKind: f.match_kind })),
      blocks: blocks.map((b) => ({ matchKind: b.match_kind, bank: b.name })),
      appeals,
    };
  },
};

export type TransparencyRepository = typeof transparencyRepository;
