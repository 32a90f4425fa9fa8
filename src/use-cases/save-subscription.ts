/**
 * An admin subscribes this instance to another Redress's signed feed, or changes the subscription:
 * the feed's URL, the publisher keys accepted (rotation: list the new key beside the old), the
 * trust policy (block or review, and the plain-PDQ threshold) and the API key the publisher issued
 * (sealed at rest). Audited; the next fetch applies the policy to the subscription's bank.
 */
import type { Clock } from '../domain/clock.ts';
import { AppError } from '../domain/errors.ts';
import type { Transact } from '../db/database.ts';
import type { AuditRepository } from '../db/repositories/audit-repository.ts';
import type { NetworksRepository } from '../db/repositories/networks-repository.ts';
import type { Cipher } from '../security/cipher.ts';
import { randomId } from '../security/tokens.ts';

export const SUBSCRIPTION_NAME_PATTERN = '^[a-z0-9][a-z0-9_-]{0,39}$';

export interface SubscriptionInput {
  name: string;
  url: string;
  keys: Array<{ keyId: string; publicKey: string }>;
  onMatch: 'block' | 'review';
  threshold: number;
  token?: string;
  enabled?: boolean;
  actor: string;
}

export async function saveSubscription(
  deps: {
    transact: Transact;
    networks: NetworksRepository;
    audit: AuditRepository;
    cipher: Cipher;
    clock: Clock;
  },
  input: SubscriptionInput,
): Promise<void> {
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw new AppError('invalid_input', 'the feed URL is not a URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new AppError('invalid_input', 'the feed URL is http(s)');
  if (input.keys.some((k) => Buffer.from(k.publicKey, 'base64url').length !== 32))
    throw new AppError(
      'invalid_input',
      'a publisher key is 32 bytes in base64url (as its keys endpoint lists it)',
    );
  await deps.transact(async (trx) => {
    const prior = await deps.networks.subscription(trx, input.name);
    const now = deps.clock.now();
    await deps.networks.upsertSubscription(trx, {
      id: prior?.id ?? randomId(),
      name: input.name,
      url: input.url,
      keys: JSON.stringify(input.keys),
      on_match: input.onMatch,
      threshold: input.threshold,
      token_sealed: input.token === undefined ? (prior?.token_sealed ?? null) : deps.cipher.seal(input.token),
      enabled: input.enabled === false ? 0 : 1,
      created_at: prior?.created_at ?? now.toISOString(),
    });
    await deps.audit.append(trx, {
      requestId: null,
      actor: input.actor,
      occurredAt: now,
      event: {
        type: 'network.subscription_saved',
        version: 1,
        data: {
          name: input.name,
          url: input.url,
          keyIds: input.keys.map((k) => k.keyId),
          onMatch: input.onMatch,
          threshold: input.threshold,
          enabled: input.enabled !== false,
        },
      },
    });
  });
}
