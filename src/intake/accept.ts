import type { Logger } from 'pino';
import { adapterFor } from '../../adapters';
import { transforms } from '../../transforms';
import type { Config, TenantConfig } from '../config/types';
import { createEnvelope, type Envelope, Headers } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
import type { DecodedMessage, RouteDefinition } from '../core/plugin';
import type { RegistryEntry } from '../core/registry-entry';
import type { SchemaRegistry } from '../core/schemas';
import { checkRegistryEntry } from '../core/check-registry-entry';
import type { Bus } from '../bus/bus';
import type { ApiKeyRow, Journal } from '../journal/journal';
import { assignExchangeId, PLACEHOLDER_SEQUENCE } from './exchange-id';
import type { BreakersProbe } from './health';
import { type Accepted, type IdempotencyClaim, insertOnce, priorAnswer, requestHash } from './idempotency';

export interface IntakeContext {
  config: Config;
  journal: Journal;
  bus: Bus;
  schemas: SchemaRegistry;
  routes: RouteDefinition[];
  logger: Logger;
  now?: () => Date;
  /** The route workers' breakers, for /readyz; only processes that run workers have them. */
  breakers?: BreakersProbe;
  /** True once shutdown began: new entries are refused with 503. */
  stopping?: () => boolean;
}

export interface IntakeInput {
  body: unknown;
  contentType: string | undefined;
  key: ApiKeyRow;
  /** Already checked by `parseIdempotencyKey`. */
  idempotencyKey?: string;
}

/**
 * Accepting a registry entry, as named steps. The answer is `queued` only once the journal row
 * exists AND the broker confirmed the publish; any failure before that publishes nothing
 * (validation, tenancy) or is reported to the caller as 503 (broker). With an Idempotency-Key
 * already used by the tenant, the earlier answer is repeated before anything else is done.
 */
export async function acceptRegistryEntry(ctx: IntakeContext, input: IntakeInput): Promise<Accepted> {
  const tenant = tenantOf(ctx, input.key);
  const claim = input.idempotencyKey ? { key: input.idempotencyKey, requestHash: requestHash(input.contentType, input.body) } : undefined;
  const prior = claim && (await priorAnswer(ctx.journal, tenant.code, claim));
  if (prior) return prior;
  const decoded = decode(ctx, input);
  const entry = validate(ctx, decoded);
  authorizeOffice(tenant, entry);
  const route = routeFor(ctx, decoded);
  dryRunTransform(route, entry);
  await assignExchangeId(ctx.journal, entry, ctx.now?.() ?? new Date());
  const envelope = wrap(ctx, input, decoded, entry);
  // Losing the race for the key to a concurrent request repeats that request's answer. The
  // exchange id drawn above is then never used: a gap in the office's sequence, which is fine
  // (ids must be unique, not dense).
  const raced = await insertOnce(ctx.journal, tenant.code, claim, () => record(ctx, envelope, route, claim));
  if (raced) return raced;
  await publish(ctx, envelope, route);
  return { id: envelope.id, status: 'queued', replayed: false };
}

function decode(ctx: IntakeContext, input: IntakeInput): DecodedMessage {
  const adapter = adapterFor(input.contentType);
  if (!adapter) throw new PasarelaError(Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE, `No adapter accepts ${input.contentType ?? 'a body without Content-Type'}`);
  const meta = { tenant: input.key.tenant, contentType: input.contentType ?? '', system: input.key.name };
  const messages = adapter.decode(input.body, meta, { config: {}, logger: ctx.logger });
  const entries = messages.filter((m) => m.type === 'registry-entry');
  if (entries.length !== 1) throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'Exactly one registry entry is expected');
  return entries[0];
}

function validate(ctx: IntakeContext, decoded: DecodedMessage): RegistryEntry {
  const problems = ctx.schemas.validatePayload(decoded.type, decoded.schemaVersion, decoded.payload);
  if (problems.length === 0) problems.push(...checkRegistryEntry(decoded.payload as RegistryEntry, ctx.now?.() ?? new Date(), annexLimitsOf(ctx.config)));
  if (problems.length) {
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The registry entry has ${problems.length} problem(s)`, { problems });
  }
  return decoded.payload as RegistryEntry;
}

/** The configured annex limits in the entry checker's terms (absent fields keep its defaults). */
function annexLimitsOf(config: Config) {
  const a = config.annexes ?? {};
  return {
    ...(a.maxCount !== undefined && { maxAnnexes: a.maxCount }),
    ...(a.maxBytesEach !== undefined && { maxAnnexBytes: a.maxBytesEach }),
    ...(a.maxBytesTotal !== undefined && { maxTotalAnnexBytes: a.maxBytesTotal }),
  };
}

function tenantOf(ctx: IntakeContext, key: ApiKeyRow): TenantConfig {
  const tenant = ctx.config.tenants.find((t) => t.code === key.tenant);
  // A key whose tenant left the configuration acts for nothing.
  if (!tenant) throw new PasarelaError(Errors.AUTH_INVALID_KEY, 'The key belongs to a tenant that is no longer configured');
  return tenant;
}

function authorizeOffice(tenant: TenantConfig, entry: RegistryEntry): void {
  if (!tenant.offices.includes(entry.origin.office)) {
    throw new PasarelaError(Errors.AUTH_FORBIDDEN_OFFICE, `Tenant ${tenant.code} may not post for office ${entry.origin.office}`, {
      problems: [{ pointer: '/origin/office', code: 'AUTH_FORBIDDEN_OFFICE', message: 'office does not belong to the key\'s tenant' }],
    });
  }
}

function routeFor(ctx: IntakeContext, decoded: DecodedMessage): RouteDefinition {
  const route = ctx.routes.find((r) => r.from.type === decoded.type);
  if (!route) throw new PasarelaError(Errors.INTAKE_NO_ROUTE, `No route takes ${decoded.type} messages`);
  return route;
}

/**
 * Run the route's (pure) transform once with a placeholder exchange id: an entry the worker
 * could never turn into its target payload is refused now with 400, not accepted with 202 and
 * failed later.
 */
function dryRunTransform(route: RouteDefinition, entry: RegistryEntry): void {
  const draft = structuredClone(entry);
  draft.control.exchangeId = `${entry.origin.office}_00_${PLACEHOLDER_SEQUENCE}`;
  const draftEnvelope = createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: 'L00000000', source: { system: '-', adapter: '-' }, payload: draft });
  try {
    transforms[route.transform].apply(draftEnvelope);
  } catch (e) {
    const problems = (e instanceof PasarelaError ? e.problems : []).map((p) => ({
      pointer: p.pointer.replace(/^\/payload/, ''),
      code: 'SICRES_' + p.code.toUpperCase().replace(/[^A-Z0-9]+/g, '_'),
      message: p.message,
    }));
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The registry entry cannot be expressed as ${transforms[route.transform].to}`, {
      cause: e, problems,
    });
  }
}

function wrap(ctx: IntakeContext, input: IntakeInput, decoded: DecodedMessage, entry: RegistryEntry): Envelope<RegistryEntry> {
  const adapter = adapterFor(input.contentType)!;
  const envelope = createEnvelope({
    type: decoded.type,
    schemaVersion: decoded.schemaVersion,
    tenant: input.key.tenant,
    source: { system: input.key.name, adapter: `${adapter.name}@${adapter.version}` },
    payload: entry,
    occurredAt: entry.origin.registryDate,
    idempotencyKey: input.idempotencyKey ?? null,
    now: ctx.now?.(),
  });
  const problems = ctx.schemas.validateEnvelope(envelope);
  if (problems.length) throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The envelope is not valid', { problems });
  return envelope;
}

async function record(ctx: IntakeContext, envelope: Envelope<RegistryEntry>, route: RouteDefinition, claim?: IdempotencyClaim): Promise<void> {
  await ctx.journal.insertMessage({
    envelope,
    route: route.name,
    registryNumber: envelope.payload.origin.registryNumber,
    exchangeId: envelope.payload.control.exchangeId ?? null,
    requestHash: claim?.requestHash ?? null,
  });
}

async function publish(ctx: IntakeContext, envelope: Envelope, route: RouteDefinition): Promise<void> {
  const headers = { [Headers.type]: envelope.type, [Headers.tenant]: envelope.tenant, [Headers.route]: route.name };
  try {
    await ctx.bus.publish(envelope, `${envelope.type}.${route.name}`, headers);
  } catch (e) {
    const err = e instanceof PasarelaError ? e : new PasarelaError(Errors.BUS_UNREACHABLE, undefined, { cause: e });
    // An unconfirmed publish may still have reached the queue, and a worker may have claimed it
    // already: then it is durable and on its way, and the answer is 202. Otherwise `rejected` is
    // settled, so should the message surface later the worker acks it without sending.
    const refused = await ctx.journal
      .transition(envelope.id, 'rejected', { event: 'publish-failed', outcome: 'error', code: err.code, detail: err.title }, { from: ['received'] })
      .catch((je: unknown) => {
        // The row stays `received`; the stale-row recovery queues it again later (docs/delivery.md).
        ctx.logger.error({ err: je, messageId: envelope.id }, 'could not record the failed publish');
        return true;
      });
    if (!refused) {
      ctx.logger.warn({ messageId: envelope.id, code: err.code }, 'publish unconfirmed but a worker already holds the message; accepted');
      return;
    }
    // Nothing was accepted, so the client's retry with the same key must be taken as new. Best
    // effort: a key left held is freed by that retry's own lookup (it finds `rejected`).
    if (envelope.idempotencyKey) {
      await ctx.journal
        .releaseIdempotencyKey(envelope.id)
        .catch((je) => ctx.logger.warn({ err: je, messageId: envelope.id }, 'could not release the idempotency key'));
    }
    throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'The message could not be queued; nothing was accepted, try again', { cause: err });
  }
  // The message is durable in the broker and the journal: a failure to note `queued` must not
  // turn this into a 503 (the client would post it again). The worker's hops follow anyway.
  await ctx.journal
    .transition(envelope.id, 'queued', { event: 'queued', outcome: 'ok' }, { from: ['received'] })
    .catch((e) => ctx.logger.warn({ err: e, messageId: envelope.id }, 'could not record queued; the message is in the queue'));
}
