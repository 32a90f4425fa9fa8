/**
 * A signal that aborts when the client closes its connection before its answer is sent, so the
 * media decode it asked for stops instead of running on for nobody.
 */
import type { FastifyReply } from 'fastify';

export function untilClientGone(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort(new Error('the client went away'));
  });
  return controller.signal;
}
