/**
 * Registers a platform endpoint for removal webhooks. The signing secret is generated here, shown
 * once, and stored sealed with the service cipher (like other secrets at rest, TIDA-I). The URL
 * must pass the webhook address policy now (a loopback, private, link-local or metadata address
 * is refused unless the operator listed it); every delivery checks it again, since DNS answers
 * change. A host that does not resolve yet is accepted: its deliveries are checked.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { WebhooksRepository } from '../db/repositories/webhooks-repository.ts';
import { FetchError, resolvePinned } from '../platform/fetch-media.ts';
import type { TargetRules } from '../platform/fetch-media.ts';
import type { Cipher } from '../security/cipher.ts';
import { newToken, randomId } from '../security/tokens.ts';

export const WEBHOOK_EVENTS = [
  'item.remove',
  'item.restore',
  'item.preserve',
  'request.updated',
  '*',
] as const;

export async function registerWebhookEndpoint(
  deps: {
    transact: Transact;
    webhooks: WebhooksRepository;
    cipher: Cipher;
    clock: Clock;
    rules: TargetRules;
  },
  input: { url: string; events: string[]; actor: string; secret?: string },
): Promise<{ id: string; secret: string }> {
  if (!/^https?:\/\//.test(input.url))
    throw new AppError('invalid_input', 'the endpoint must be an http(s) URL');
  await resolvePinned(input.url, deps.rules).catch((error: unknown) => {
    if (error instanceof FetchError && error.code === 'FETCH_REFUSED') {
      throw new AppError(
        'invalid_input',
        'the endpoint must be on a public address, or on a host or subnet the operator allows for webhooks',
      );
    }
  });
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
