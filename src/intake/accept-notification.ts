import { transforms } from '../../transforms';
import { checkNotification } from '../core/check-notification';
import { createEnvelope, type Envelope } from '../core/envelope';
import { Errors, PasarelaError } from '../core/errors';
import type { Notification } from '../core/notification';
import type { RouteDefinition } from '../core/plugin';
import { parseJsonBody } from '../core/safe-json';
import type { TenantConfig } from '../config/types';
import type { ApiKeyRow } from '../journal/journal';
import type { IntakeContext, IntakeInput } from './accept-steps';
import { tenantOf } from './auth';
import { type Accepted, type IdempotencyClaim, insertOnce, priorAnswer, requestHash } from './idempotency';
import { publish } from './publish';

/** The media type `POST /v1/notifications` takes: the canonical payload itself. */
const JSON_MEDIA = 'application/json';

/**
 * Accepting one notification (`POST /v1/notifications`), as named steps, with the guarantees of
 * registry entries: nothing is written before every check passed (JSON, schema, rules, tenancy,
 * the route's transform); the answer is `queued` only once the journal row exists and the broker
 * confirmed the publish; an Idempotency-Key already used repeats the earlier answer.
 */
export async function acceptNotification(ctx: IntakeContext, input: IntakeInput): Promise<Accepted> {
  const tenant = tenantOf(ctx.config.tenants, input.key);
  requireJson(input.contentType);
  const claim = input.idempotencyKey ? { key: input.idempotencyKey, requestHash: requestHash({ adapter: 'notification-json', body: input.body }) } : undefined;
  const prior = claim && (await priorAnswer(ctx.journal, tenant.code, claim));
  if (prior) return prior;
  const notification = validate(ctx, parseJsonBody(input.body ?? Buffer.alloc(0)));
  authorizeIssuer(tenant, input.key, notification);
  const route = routeFor(ctx);
  const envelope = wrap(ctx, input, notification, claim?.key ?? null);
  dryRunTransform(route, envelope);
  const raced = await insertOnce(ctx.journal, tenant.code, claim, () => record(ctx, envelope, route, claim));
  if (raced) return raced;
  await publish(ctx, envelope, route);
  return { id: envelope.id, status: 'queued', replayed: false };
}

function requireJson(contentType: string | undefined): void {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media !== JSON_MEDIA) throw new PasarelaError(Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE, `Send the notification as ${JSON_MEDIA}`);
}

function validate(ctx: IntakeContext, payload: unknown): Notification {
  const problems = ctx.schemas.validatePayload('notification', 1, payload);
  if (problems.length === 0) problems.push(...checkNotification(payload as Notification, ctx.now?.() ?? new Date()));
  if (problems.length) throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The notification has ${problems.length} problem(s)`, { problems });
  return payload as Notification;
}

/** The issuing body must be one of the tenant's units (or the tenant itself) and, for a key bound to units, one of those. */
export function authorizeIssuer(tenant: TenantConfig, key: ApiKeyRow, n: Pick<Notification, 'issuingBody'>): void {
  const own = [tenant.code, ...(tenant.units ?? [])];
  if (!own.includes(n.issuingBody) || (key.units !== null && !key.units.includes(n.issuingBody))) {
    const whose = own.includes(n.issuingBody) ? "the key's" : "the key's tenant's";
    throw new PasarelaError(Errors.AUTH_FORBIDDEN_UNIT, `The key may not notify for issuing body ${n.issuingBody}`, {
      problems: [{ pointer: '/issuingBody', code: 'AUTH_FORBIDDEN_UNIT', message: `is not one of ${whose} units` }],
    });
  }
}

function routeFor(ctx: IntakeContext): RouteDefinition {
  const route = ctx.routes.find((r) => r.from.type === 'notification');
  if (!route) throw new PasarelaError(Errors.INTAKE_NO_ROUTE, 'No route takes notification messages');
  return route;
}

function wrap(ctx: IntakeContext, input: IntakeInput, payload: Notification, idempotencyKey: string | null): Envelope<Notification> {
  const envelope = createEnvelope({
    type: 'notification', schemaVersion: 1, tenant: input.key.tenant,
    source: { system: input.key.name, adapter: 'notification-json@1' }, payload, idempotencyKey, now: ctx.now?.(),
  });
  const problems = ctx.schemas.validateEnvelope(envelope);
  if (problems.length) throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The envelope is not valid', { problems });
  return envelope;
}

/** A notification the worker could never turn into a remesa is refused now with 400, not parked later. */
function dryRunTransform(route: RouteDefinition, envelope: Envelope<Notification>): void {
  try {
    transforms[route.transform].apply(envelope);
  } catch (e) {
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The notification cannot be expressed as ${transforms[route.transform].to}`, {
      cause: e, problems: e instanceof PasarelaError ? e.problems : [],
    });
  }
}

async function record(ctx: IntakeContext, envelope: Envelope<Notification>, route: RouteDefinition, claim?: IdempotencyClaim): Promise<void> {
  await ctx.journal.insertMessage({ envelope, route: route.name, requestHash: claim?.requestHash ?? null });
}
