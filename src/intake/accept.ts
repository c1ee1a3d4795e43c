import { Errors, PasarelaError } from '../core/errors';
import { tenantOf } from './auth';
import { checkItem, commitItem, decodeBody, type IntakeContext, type IntakeInput } from './accept-steps';
import { charsetOf, selectAdapter } from '../../adapters';
import { type Accepted, type IdempotencyClaim, legacyRequestHash, priorAnswer, requestHash } from './idempotency';

export type { IntakeContext, IntakeInput } from './accept-steps';

/**
 * Accepting one registry entry (`POST /v1/registry-entries`), as named steps. The answer is
 * `queued` only once the journal row exists AND the broker confirmed the publish; any failure
 * before that publishes nothing (decoding, validation, tenancy) or is reported to the caller as
 * 503 (broker). With an Idempotency-Key already used by the tenant, the earlier answer is
 * repeated before anything else is done.
 */
export async function acceptRegistryEntry(ctx: IntakeContext, input: IntakeInput): Promise<Accepted> {
  const tenant = tenantOf(ctx.config.tenants, input.key);
  const adapter = selectAdapter(input.contentType, input.format);
  const claim = input.idempotencyKey ? claimOf(input.idempotencyKey, adapter.name, input) : undefined;
  const prior = claim && (await priorAnswer(ctx.journal, tenant.code, claim));
  if (prior) return prior;
  const { items } = decodeBody(ctx, input, false);
  if (items.length !== 1) {
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `Exactly one registry entry is expected, the body holds ${items.length}; use POST /v1/registry-entries/batch for several`);
  }
  const item = checkItem(ctx, tenant, input.key, items[0]);
  return commitItem(ctx, input, adapter, item, claim);
}

function claimOf(key: string, adapter: string, input: IntakeInput): IdempotencyClaim {
  return {
    key,
    requestHash: requestHash({ adapter, charset: charsetOf(input.contentType), body: input.body }),
    legacyHash: () => legacyRequestHash(input.contentType, input.body),
  };
}
