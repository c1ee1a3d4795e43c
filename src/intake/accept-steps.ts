import type { ServerOptions as HttpsServerOptions } from 'node:https';
import type { Logger } from 'pino';
import { charsetOf, mediaTypeOf, selectAdapter } from '../../adapters';
import { transforms } from '../../transforms';
import type { Config, TenantConfig } from '../config/types';
import { createEnvelope, type Envelope } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
import type { Adapter, DecodedMessage, RouteDefinition } from '../core/plugin';
import type { RegistryEntry } from '../core/registry-entry';
import type { SchemaRegistry } from '../core/schemas';
import { checkRegistryEntry } from '../core/check-registry-entry';
import type { Bus } from '../bus/bus';
import { publish } from './publish';
import type { NotificaIntake } from './notification-routes';
import type { PullClient } from '../carpeta/clients';
import type { ApiKeyRow, Journal } from '../journal/journal';
import { authorizeEntry, type CertificateAuthenticator } from './auth';
import { assignExchangeId, PLACEHOLDER_SEQUENCE, refuseClientExchangeId } from './exchange-id';
import type { BreakersProbe } from './health';
import { type Accepted, type IdempotencyClaim, insertOnce } from './idempotency';

/**
 * The named steps of accepting registry entries, shared by the single and the batch endpoint
 * (accept.ts, accept-batch.ts). Checking (`decodeBody`, `checkItem`) writes nothing; committing
 * (`commitItem`) journals, then publishes with confirm.
 */

export interface IntakeContext {
  config: Config;
  journal: Journal;
  bus: Bus;
  schemas: SchemaRegistry;
  routes: RouteDefinition[];
  logger: Logger;
  /** Validated `adapters.<name>` blocks of the configuration, by adapter name. */
  adapterConfigs?: Record<string, unknown>;
  now?: () => Date;
  /** The route workers' breakers, for /readyz; only processes that run workers have them. */
  breakers?: BreakersProbe;
  /** True once shutdown began: new entries are refused with 503. */
  stopping?: () => boolean;
  /** On a mutual-TLS listener: the grant of a request's client certificate (src/intake/client-cert.ts). */
  byCertificate?: CertificateAuthenticator;
  /** `http.tls` as the server's TLS options (src/intake/tls-options.ts); absent: plain HTTP. */
  https?: HttpsServerOptions;
  /** Notific@ state tracking and calls (callback endpoint, cancel, extend); absent when not configured. */
  notifica?: NotificaIntake;
  /** Clients of Carpeta Ciudadana's pull API (`carpeta.pull.clients`); none: the API answers 401 to all. */
  carpetaClients?: readonly PullClient[];
}

export interface IntakeInput {
  /** The raw body; undefined when the request had none. */
  body: Buffer | undefined;
  contentType: string | undefined;
  key: ApiKeyRow;
  /** Already checked by `parseIdempotencyKey`. */
  idempotencyKey?: string;
  /** `?format=`: an adapter by name, whatever the Content-Type. */
  format?: string;
}

export interface Decoded {
  adapter: Adapter<any>;
  items: DecodedMessage[];
}

/** Pick the adapter and run it; adapters throw only coded errors, anything else is a bug caught here. */
export function decodeBody(ctx: IntakeContext, input: IntakeInput, batch: boolean): Decoded {
  const adapter = selectAdapter(input.contentType, input.format);
  const meta = {
    tenant: input.key.tenant, contentType: input.contentType ?? '', mediaType: mediaTypeOf(input.contentType),
    charset: charsetOf(input.contentType), system: input.key.name, batch,
  };
  const config = ctx.adapterConfigs?.[adapter.name] ?? {};
  try {
    return { adapter, items: adapter.decode(input.body ?? Buffer.alloc(0), meta, { config, logger: ctx.logger }) };
  } catch (e) {
    if (e instanceof PasarelaError) throw e;
    ctx.logger.error({ err: e, adapter: adapter.name }, 'adapter threw an uncoded error');
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The ${adapter.name} adapter could not read the body`, { cause: e });
  }
}

/** An entry ready to commit: checked, authorized, its route known. */
export interface CheckedItem {
  decoded: DecodedMessage;
  entry: RegistryEntry;
  route: RouteDefinition;
}

/** Everything that can refuse an item without writing: mapping, schema, rules, tenancy, transform. */
export function checkItem(ctx: IntakeContext, tenant: TenantConfig, key: ApiKeyRow, decoded: DecodedMessage): CheckedItem {
  if (decoded.problems?.length) {
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The item has ${decoded.problems.length} problem(s)`, { problems: decoded.problems });
  }
  if (decoded.type !== 'registry-entry') throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `Expected a registry entry, the adapter produced ${decoded.type}`);
  const entry = validate(ctx, decoded);
  authorizeEntry(tenant, key, entry);
  refuseClientExchangeId(entry);
  const route = routeFor(ctx, decoded);
  dryRunTransform(route, entry);
  return { decoded, entry, route };
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

/**
 * Journal and publish one checked item. The caller has looked for an earlier request with the
 * claim's key (`priorAnswer`); a race lost to a concurrent one repeats the winner's answer. The exchange id drawn for a loser is never used: a gap in the office's sequence, which
 * is fine (ids must be unique, not dense).
 */
export async function commitItem(ctx: IntakeContext, input: IntakeInput, adapter: Adapter<any>, item: CheckedItem, claim?: IdempotencyClaim): Promise<Accepted> {
  const entry = structuredClone(item.entry);
  await assignExchangeId(ctx.journal, entry, ctx.now?.() ?? new Date());
  const envelope = wrap(ctx, input, adapter, item.decoded, entry, claim?.key ?? null);
  const raced = await insertOnce(ctx.journal, input.key.tenant, claim, () => record(ctx, envelope, item.route, claim));
  if (raced) return raced;
  await publish(ctx, envelope, item.route);
  return { id: envelope.id, status: 'queued', replayed: false };
}

function wrap(ctx: IntakeContext, input: IntakeInput, adapter: Adapter<any>, decoded: DecodedMessage, entry: RegistryEntry, idempotencyKey: string | null): Envelope<RegistryEntry> {
  const envelope = createEnvelope({
    type: decoded.type,
    schemaVersion: decoded.schemaVersion,
    tenant: input.key.tenant,
    source: { system: input.key.name, adapter: `${adapter.name}@${adapter.version}` },
    payload: entry,
    occurredAt: entry.origin.registryDate,
    idempotencyKey,
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
