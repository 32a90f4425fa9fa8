/**
 * Registers a platform endpoint for removal webhooks. The signing secret is generated here, shown
 * once, and stored sealed with the service cipher (like other secrets at rest, TIDA-I).
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { newToken, randomId } from '../security/tokens.ts';

export const WEBHOOK_EVENTS = ['item.remove', 'item.restore', 'request.updated', '*'] as const;

export async function registerWebhookEndpoint(
  deps: { transact: Transact; webhooks: WebhooksRepository; cipher: Cipher; clock: Clock },
  input: { url: string; events: string[]; actor: string; secret?: string },
): Promise<{ id: string; secret: string }> {
  if (!/^https?:\/\//.test(input.url))
    throw new AppError('invalid_input', 'the endpoint must be an http(s) URL');
  const secret = input.secret ?? newToken('whsec_');
  const id = randomId();
  await deps.transact((trx) =>
    deps.webhooks.insertEndpoint(trx, {
      id,
      url: input.url,
      secret_enc: deps.cipher.seal(secret),
      events: JSON.stringify(input.events),
      enabled: 1,
      created_at: deps.clock.now().toISOString(),
      created_by: input.actor,
    }),
  );
  return { id, secret };
}
