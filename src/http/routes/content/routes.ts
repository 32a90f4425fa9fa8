/**
 * The platform's integration endpoints: register media items in the content registry (single or
 * batch; image or video bytes, a URL to fetch, or hashes, vPDQ frames for a video) and check an upload against the banks (raw image or
 * video body, a URL, or hashes) for `block` / `review` / `allow`. A video is told from an image by
 * its container's magic bytes and checked by its exact hashes and vPDQ frames. Both need an API key with the `platform`
 * role (or admin). Each route: schema -> authenticate -> one use case -> presenter.
 */
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { FastifyPluginAsync } from 'fastify';
import { AppError, errorStatus } from '../../../domain/errors.ts';
import type { ErrorCode } from '../../../domain/errors.ts';
import type { Runtime } from '../../../runtime.ts';
import { checkUpload } from '../../../use-cases/check-upload.ts';
import type { CheckInput, CheckMatch } from '../../../use-cases/check-upload.ts';
import { registerContent } from '../../../use-cases/register-content.ts';
import type { ContentInput } from '../../../use-cases/register-content.ts';
import { takeInForCheck } from '../../../use-cases/take-in-media.ts';
import { authenticateFirst } from '../../auth.ts';
import type { Authenticate } from '../../auth.ts';
import { untilClientGone } from '../../client-gone.ts';
import { isAdapterCode } from '../../errors.ts';
import { presentCheck, presentContentResult, presentItemError } from './presenter.ts';
import { isSet } from '../../query.ts';
import { CheckAnswer, CheckBodyDoc, CheckJsonBody, CheckQuery, ContentBody } from './schema.ts';
import type { ContentItem } from './schema.ts';

const PLATFORM = ['platform'] as const;
// The check body is either media or JSON, so it is validated here rather than by the route schema.
const checkJson = TypeCompiler.Compile(CheckJsonBody);
const security = [{ bearer: [] }];

function toInput(item: ContentItem): ContentInput {
  return {
    platformItemId: item.platformItemId,
    url: item.url ?? null,
    uploaderId: item.uploaderId ?? null,
    media: item.mediaBase64 ? Buffer.from(item.mediaBase64, 'base64') : undefined,
    fetch: item.fetch,
    hashes: item.hashes,
  };
}

export function contentRoutes(rt: Runtime, authenticate: Authenticate): FastifyPluginAsync {
  const sd = rt.stayDown;
  const { transact } = rt.database;
  const limit = rt.config.copies.maxMediaBytes;
  const checkDeps = {
    db: rt.database.db,
    transact,
    banks: sd.repos.banks,
    copies: sd.repos.copies,
    audit: rt.repos.audit,
    index: sd.index,
    clock: rt.clock,
    poisoning: {
      qualityFloor: rt.config.networks.qualityFloor,
      quarantine: (entryIds: readonly string[]) => rt.networks.quarantine(entryIds),
    },
    afterMatches: (matches: readonly CheckMatch[], input: CheckInput) =>
      rt.networks.recordMatches(matches, input.platformItemId ?? null),
  };

  return async (app) => {
    // Start loading the bank index with the app, not on the first check.
    sd.index.ready().catch((error: unknown) => rt.log.error({ err: error }, 'bank index failed to load'));
    app.addContentTypeParser(
      /^(?:application\/octet-stream|image\/[\w.+-]+|video\/[\w.+-]+)$/,
      { parseAs: 'buffer', bodyLimit: limit },
      (_request, body, done) => done(null, body),
    );

    app.post<{ Body: ContentBody }>(
      '/api/v1/content',
      {
        onRequest: authenticateFirst(authenticate, PLATFORM),
        bodyLimit: Math.ceil(limit * 1.4) + 4096,
        schema: {
          tags: ['platform'],
          summary: 'Register media items (single or batch)',
          security,
          body: ContentBody,
        },
      },
      async (request, reply) => {
        await authenticate(request, PLATFORM);
        const signal = untilClientGone(reply);
        const batch = 'items' in request.body;
        const items = 'items' in request.body ? request.body.items : [request.body];
        const results = await registerContent(
          {
            transact,
            content: sd.repos.content,
            clock: rt.clock,
            fetchOptions: sd.fetchOptions,
            hashMedia: (bytes) => sd.registryHashes(bytes, signal),
            hashVideo: (bytes) => sd.videoHashes(bytes, 'upload', signal),
          },
          items.map(toInput),
        );
        if (batch) return { results: results.map(presentContentResult) };
        const [one] = results;
        if (!one.ok) {
          const { code } = one.error;
          if (isAdapterCode(code))
            request.log.warn({ code, detail: one.error.message }, 'item not registered');
          const status = isAdapterCode(code) ? 422 : (errorStatus[code as ErrorCode] ?? 400);
          return reply
            .status(status)
            .send({ error: { ...presentItemError(one.error), requestId: request.id } });
        }
        return reply.status(201).send(presentContentResult(one));
      },
    );

    app.post<{ Body: CheckJsonBody | Buffer; Querystring: CheckQuery }>(
      '/api/v1/check',
      {
        onRequest: authenticateFirst(authenticate, PLATFORM),
        schema: {
          tags: ['platform'],
          summary: 'Check an upload (image or video body, URL or hashes): block, review or allow',
          security,
          querystring: CheckQuery,
          body: CheckBodyDoc,
          response: { 200: CheckAnswer },
        },
      },
      async (request, reply) => {
        const who = await authenticate(request, PLATFORM);
        const signal = untilClientGone(reply);
        const body = request.body;
        let json: CheckJsonBody = {};
        if (!Buffer.isBuffer(body)) {
          const problem = checkJson.Check(body) ? undefined : checkJson.Errors(body).First();
          if (problem) throw new AppError('invalid_input', `body${problem.path} ${problem.message}`);
          json = body;
        }
        const bytes = Buffer.isBuffer(body) ? body : undefined;
        const media = { bytes, url: json.url, hashes: json.hashes };
        const { queries, exact, videoFrames } = await takeInForCheck(sd, media, signal);
        const q = request.query;
        const result = await checkUpload(checkDeps, {
          queries,
          exact,
          videoFrames,
          platformItemId: json.platformItemId ?? q.platformItemId ?? null,
          uploaderId: json.uploaderId ?? q.uploaderId ?? null,
          actor: who.actor,
          record: !(json.dryRun ?? isSet(q.dryRun) ?? false),
        });
        return presentCheck(result);
      },
    );
  };
}
