/**
 * Staff endpoints of the stay-down layer: banks and their policy, bank entries (with an image: all
 * match variants; with a video: its vPDQ frames; with hashes: as given) and their withdrawal, the copies a case's sweeps found
 * with the uploads blocked because of it, decisions on near copies, and webhook endpoints with
 * their delivery record. Moderators act, auditors read, admins do both and manage webhooks.
 */
import { createHash } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import { AppError } from '../../../domain/errors.ts';
import { HEX_DIGITS, defaultVariant, parseHashList } from '../../../domain/hash-list.ts';
import type { NewBankHash } from '../../../db/repositories/banks-repository.ts';
import type { Runtime } from '../../../runtime.ts';
import { addBankEntry } from '../../../use-cases/add-bank-entry.ts';
import { configureBank } from '../../../use-cases/configure-bank.ts';
import { importBankList } from '../../../use-cases/import-bank-list.ts';
import { takeInForBank } from '../../../use-cases/take-in-media.ts';
import { withdrawBankEntry } from '../../../use-cases/withdraw-bank-entry.ts';
import { authenticateFirst } from '../../auth.ts';
import type { Authenticate } from '../../auth.ts';
import { decodeCursor, nextCursor } from '../../page-cursor.ts';
import { isSet } from '../../query.ts';
import { untilClientGone } from '../../client-gone.ts';
import { presentBank, presentBlock, presentEndpoint, presentFinding } from './presenter.ts';
import {
  BankBody,
  ImportBodyDoc,
  BankParams,
  CaseParams,
  DeliveriesQuery,
  EntryBody,
  EntryParams,
  ExportQuery,
  ImportQuery,
  FindingDecisionBody,
  PageQuery,
  WebhookBody,
  WithdrawBody,
} from './schema.ts';

const security = [{ bearer: [] }];
const ACT = ['moderator'] as const;
const READ = ['moderator', 'auditor'] as const;
/** About 250,000 plain PDQ hashes; larger lists go in parts or through `redress bank import`. */
const IMPORT_LIMIT = 32 * 1024 * 1024;

export function bankRoutes(runtime: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const { stayDown } = runtime;
  const bankDeps = stayDown.bankEntryDeps;
  const tags = ['banks'];

  return async (app) => {
    app.get('/api/v1/banks', { schema: { tags, security } }, async (request) => {
      await authenticate(request, READ);
      return { banks: (await stayDown.records.banks()).map(presentBank) };
    });

    app.post<{ Body: BankBody }>(
      '/api/v1/banks',
      { onRequest: authenticateFirst(authenticate, ACT), schema: { tags, security, body: BankBody } },
      async (request) => {
        await authenticate(request, ACT);
        return presentBank(await configureBank(bankDeps, request.body));
      },
    );

    app.post<{ Params: BankParams; Body: EntryBody }>(
      '/api/v1/banks/:name/entries',
      {
        onRequest: authenticateFirst(authenticate, ACT),
        bodyLimit: Math.ceil(runtime.config.copies.maxMediaBytes * 1.4) + 4096,
        schema: { tags, security, params: BankParams, body: EntryBody },
      },
      async (request, reply) => {
        const who = await authenticate(request, ACT);
        const signal = untilClientGone(reply);
        const body = request.body;
        const wrong = body.hashes?.find((h) => h.value.length !== HEX_DIGITS[h.kind]);
        if (wrong)
          throw new AppError(
            'invalid_input',
            `a ${wrong.kind} hash has ${HEX_DIGITS[wrong.kind]} hex digits`,
          );
        const hashes: NewBankHash[] = (body.hashes ?? []).map((h, i) => ({
          kind: h.kind,
          value: h.value.toLowerCase(),
          variant: h.variant ?? defaultVariant(h.kind, i),
          quality: h.quality ?? null,
          pipeline: h.pipeline,
        }));
        const media = body.mediaBase64 ? Buffer.from(body.mediaBase64, 'base64') : undefined;
        const taken = media ? await takeInForBank(stayDown, media, signal) : undefined;
        hashes.push(...(taken?.hashes ?? []));
        const frames = taken?.frames;
        if (hashes.length === 0) throw new AppError('invalid_input', 'send mediaBase64 or hashes');
        const { entryId } = await addBankEntry(bankDeps, {
          bank: request.params.name,
          provenance: { kind: body.sourceRef ? 'import' : 'api', ref: body.sourceRef ?? null },
          addedBy: who.actor,
          label: body.label ?? null,
          hashes,
        });
        return reply
          .status(201)
          .send({ entry: entryId, hashes: hashes.length, ...(frames === undefined ? {} : { frames }) });
      },
    );

    // A partner's list as `redress bank import` reads it: an export (JSON, or a page per line) or
    // one hash per line. JSON bodies arrive parsed and are read as the same text.
    app.removeContentTypeParser('text/plain');
    app.addContentTypeParser(
      /^(?:text\/plain|application\/x-ndjson)$/,
      { parseAs: 'string', bodyLimit: IMPORT_LIMIT },
      (_request, body, done) => done(null, body),
    );
    app.post<{ Params: BankParams; Querystring: ImportQuery; Body: unknown }>(
      '/api/v1/banks/:name/import',
      {
        onRequest: authenticateFirst(authenticate, ACT),
        bodyLimit: IMPORT_LIMIT,
        schema: { tags, security, params: BankParams, querystring: ImportQuery, body: ImportBodyDoc },
      },
      async (request) => {
        const who = await authenticate(request, ACT);
        const text = typeof request.body === 'string' ? request.body : JSON.stringify(request.body ?? '');
        return importBankList(bankDeps, {
          bank: request.params.name,
          source: request.query.source,
          entries: parseHashList(text, request.query.kind),
          complete: isSet(request.query.complete) ?? false,
          actor: who.actor,
          digest: createHash('sha256').update(text).digest('hex'),
        });
      },
    );

    app.get<{ Params: BankParams; Querystring: ExportQuery }>(
      '/api/v1/banks/:name/export',
      { schema: { tags, security, params: BankParams, querystring: ExportQuery } },
      async (request) => {
        await authenticate(request, READ);
        const limit = Number(request.query.limit ?? 500);
        return stayDown.actions.exportBankPage({
          bank: request.params.name,
          after: request.query.after ?? '',
          limit,
        });
      },
    );

    app.post<{ Params: EntryParams; Body: WithdrawBody }>(
      '/api/v1/bank-entries/:id/withdraw',
      {
        onRequest: authenticateFirst(authenticate, ACT),
        schema: { tags, security, params: EntryParams, body: WithdrawBody },
      },
      async (request) => {
        const who = await authenticate(request, ACT);
        await withdrawBankEntry(bankDeps, {
          entryId: request.params.id,
          reason: request.body.reason,
          actor: who.actor,
        });
        return { withdrawn: true };
      },
    );

    app.get<{ Params: CaseParams }>(
      '/api/v1/staff/requests/:caseNumber/copies',
      { schema: { tags, security, params: CaseParams } },
      async (request) => {
        await authenticate(request, READ);
        const copies = await stayDown.caseCopies({ caseNumber: request.params.caseNumber });
        return {
          findings: copies.findings.map(({ finding, copy }) =>
            presentFinding({ ...finding, platformItemId: copy?.platform_item_id ?? null }),
          ),
          blockedUploads: copies.blocks.map(presentBlock),
        };
      },
    );

    app.get<{ Querystring: PageQuery }>(
      '/api/v1/staff/copies',
      { schema: { tags, security, querystring: PageQuery } },
      async (request) => {
        await authenticate(request, READ);
        const { limit = 200, after } = request.query;
        const cursor = after ? decodeCursor(after, 2) : undefined;
        const rows = await stayDown.records.findingsInReview(
          limit,
          cursor && { createdAt: cursor[0], id: cursor[1] },
        );
        return {
          findings: rows.map((f) => ({
            ...presentFinding({ ...f, platformItemId: f.platform_item_id }),
            caseNumber: f.case_number,
          })),
          next: nextCursor(rows, limit, (f) => [f.created_at, f.id]),
        };
      },
    );

    app.post<{ Params: EntryParams; Body: FindingDecisionBody }>(
      '/api/v1/staff/copies/:id/decision',
      {
        onRequest: authenticateFirst(authenticate, ACT),
        schema: { tags, security, params: EntryParams, body: FindingDecisionBody },
      },
      async (request) => {
        const who = await authenticate(request, ACT);
        return stayDown.actions.decideCopyFinding({
          findingId: request.params.id,
          outcome: request.body.outcome,
          actor: who.actor,
        });
      },
    );

    app.post<{ Body: WebhookBody }>(
      '/api/v1/webhooks',
      {
        onRequest: authenticateFirst(authenticate, []),
        schema: { tags: ['webhooks'], security, body: WebhookBody },
      },
      async (request, reply) => {
        const who = await authenticate(request, []);
        const { url, events } = request.body;
        const created = await stayDown.actions.registerWebhookEndpoint({ url, events, actor: who.actor });
        return reply.status(201).send(created);
      },
    );

    app.get('/api/v1/webhooks', { schema: { tags: ['webhooks'], security } }, async (request) => {
      await authenticate(request, ['auditor']);
      const rows = await stayDown.records.webhookEndpoints();
      return { endpoints: rows.map(presentEndpoint) };
    });

    app.get<{ Querystring: DeliveriesQuery }>(
      '/api/v1/webhooks/deliveries',
      { schema: { tags: ['webhooks'], security, querystring: DeliveriesQuery } },
      async (request) => {
        await authenticate(request, ['auditor']);
        const { eventId, limit = 200, after } = request.query;
        const cursor = after ? decodeCursor(after, 2) : undefined;
        const page = cursor && { createdAt: cursor[0], id: cursor[1] };
        const rows = await stayDown.records.deliveries({ eventId, limit, after: page });
        return {
          next: nextCursor(rows, limit, (d) => [d.created_at, d.id]),
          deliveries: rows.map((d) => ({
            eventId: d.event_id,
            endpointId: d.endpoint_id,
            type: d.type,
            attempt: Number(d.attempt),
            outcome: d.outcome,
            httpStatus: d.http_status === null ? null : Number(d.http_status),
            error: d.error,
            durationMs: Number(d.duration_ms),
            at: d.created_at,
          })),
        };
      },
    );
  };
}
