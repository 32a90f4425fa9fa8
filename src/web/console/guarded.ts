/** The console's one way to present an action's failure to a person, shared by its route files. */
import type { FastifyReply } from 'fastify';
import { AppError } from '../../domain/errors.ts';
import { sendPage } from '../context.ts';
import { forbiddenPage } from './login-page.ts';
import { LoginRequired } from './session.ts';

/** Turns "not signed in" into the sign-in page and "wrong role" into a 403 page. */
export async function guarded(reply: FastifyReply, run: () => Promise<unknown>): Promise<unknown> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof LoginRequired) return reply.redirect('/staff/login', 303);
    if (error instanceof AppError && error.code === 'forbidden') {
      return sendPage(reply, forbiddenPage(null, error.message), 403);
    }
    throw error;
  }
}
