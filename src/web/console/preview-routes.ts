/**
 * Safe previews in the console: the preview images of case items and of copies, and each
 * reviewer's preview settings. Moderators and admins only: a preview shows the content itself,
 * and auditors read the record without it (403). Images are sent with `no-store`, so no browser
 * or proxy keeps them; the session cookie is SameSite=Strict, so another site cannot make a
 * reviewer's browser load (and count) a reveal.
 */
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { isPreviewLevel } from '../../domain/preview.ts';
import { MediaError } from '../../media/media-error.ts';
import { FetchError } from '../../platform/fetch-media.ts';
import type { Runtime } from '../../runtime.ts';
import { previewMedia } from '../../use-cases/preview-media.ts';
import {
  readPreviewSettings,
  revealsToday as countToday,
  savePreviewSettings,
} from '../../use-cases/reviewer-previews.ts';
import { sendPage } from '../context.ts';
import { guarded } from './guarded.ts';
import { previewSettingsPage } from './preview-settings-page.ts';
import type { StaffSessions } from './session.ts';

const PREVIEWERS = ['moderator'] as const;
const ID = /^[\w-]{1,64}$/;

export function previewDeps(rt: Runtime) {
  return {
    transact: rt.database.transact,
    audit: rt.repos.audit,
    content: rt.stayDown.repos.content,
    copies: rt.stayDown.repos.copies,
    previews: rt.repos.previews,
    fetchOptions: rt.stayDown.fetchOptions,
    clock: rt.clock,
  };
}

/** The reviewer's reveals today, for the break suggestion on console pages. */
export async function revealsToday(rt: Runtime, userId: string | null): Promise<number> {
  return userId ? countToday(previewDeps(rt), userId) : 0;
}

/**
 * What an image element shows when the platform did not hand the media over: a grey tile that
 * says so, rather than a broken-image icon. Static text, no scripts, nothing from the request.
 */
const UNAVAILABLE_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="120" viewBox="0 0 320 120">
<rect width="320" height="120" fill="#e5e5e5"/>
<text x="160" y="55" font-family="sans-serif" font-size="15" text-anchor="middle" fill="#222">No preview:</text>
<text x="160" y="78" font-family="sans-serif" font-size="15" text-anchor="middle" fill="#222">the platform did not hand it over</text>
</svg>`;

function unavailable(reply: FastifyReply) {
  return reply
    .status(502)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'")
    .type('image/svg+xml')
    .send(UNAVAILABLE_SVG);
}

export function previewRoutes(rt: Runtime, sessions: StaffSessions): FastifyPluginAsync {
  const deps = previewDeps(rt);
  return async (app) => {
    app.get<{ Params: { target: string; id: string }; Querystring: Record<string, string> }>(
      '/staff/previews/:target/:id',
      async (request, reply) =>
        guarded(reply, async () => {
          const who = await sessions.session(request, PREVIEWERS);
          const { target, id } = request.params;
          const level = request.query.level ?? 'blur';
          if ((target !== 'item' && target !== 'copy') || !ID.test(id) || !isPreviewLevel(level)) {
            throw new AppError(
              'invalid_input',
              'a preview is /staff/previews/item|copy/<id>?level=blur|colour|sharp',
            );
          }
          if (!who.principal.userId) throw new AppError('forbidden', 'previews are for signed-in reviewers');
          try {
            const preview = await previewMedia(deps, {
              target,
              id,
              level,
              userId: who.principal.userId,
              actor: who.principal.actor,
            });
            return reply
              .header('cache-control', 'no-store')
              .header('x-content-type-options', 'nosniff')
              .type('image/jpeg')
              .send(preview.jpeg);
          } catch (error) {
            if (error instanceof FetchError || error instanceof MediaError) return unavailable(reply);
            throw error;
          }
        }),
    );

    app.get<{ Querystring: Record<string, string> }>('/staff/settings', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.session(request, PREVIEWERS);
        const userId = who.principal.userId;
        if (!userId) throw new AppError('forbidden', 'preview settings belong to a staff account');
        const mine = await readPreviewSettings(deps, userId);
        const threshold = rt.config.revealsBeforeBreak;
        const saved = request.query.done === 'saved';
        return sendPage(reply, previewSettingsPage(who, mine.settings, mine.revealsToday, threshold, saved));
      }),
    );

    app.post<{ Body: Record<string, unknown> }>('/staff/settings', async (request, reply) =>
      guarded(reply, async () => {
        const who = await sessions.forAction(request, PREVIEWERS);
        const userId = who.principal.userId;
        if (!userId) throw new AppError('forbidden', 'preview settings belong to a staff account');
        const blurSigma = Number(request.body?.blur);
        const greyscale = request.body?.greyscale === '1';
        await savePreviewSettings(deps, userId, { blurSigma, greyscale });
        return reply.redirect('/staff/settings?done=saved', 303);
      }),
    );
  };
}
