import { transforms } from '../../transforms';
import type { TenantConfig } from '../config/types';
import { createEnvelope, type Envelope, type MessageType } from '../core/envelope';
import { Errors, PasarelaError, type FieldProblem } from '../core/errors';
import type { RouteDefinition } from '../core/plugin';
import { parseJsonBody } from '../core/safe-json';
import type { ApiKeyRow } from '../journal/journal';
import type { IntakeContext, IntakeInput } from './accept-steps';
import { tenantOf } from './auth';
import { type Accepted, type IdempotencyClaim, insertOnce, priorAnswer, requestHash } from './idempotency';
import { publish } from './publish';

/** The media type the canonical JSON endpoints take: the payload itself. */
const JSON_MEDIA = 'application/json';

/** What differs between the endpoints that take one canonical payload as JSON (notifications, expediente states). */
export interface CanonicalIntake<P> {
  type: MessageType;
  /** `source.adapter` of the envelope, and the idempotency hash's namespace. */
  adapter: string;
  /** How messages name one: "notification", "expediente status". */
  label: string;
  /** What the URL names beyond the body, part of the idempotency hash: one key on two URLs is a reuse. */
  target?: string;
  /** Rules beyond the JSON Schema; pointers relative to the payload. */
  check(payload: P, now: Date): FieldProblem[];
  /** Tenancy: throws a 403 PasarelaError when the key may not post this payload. */
  authorize(tenant: TenantConfig, key: ApiKeyRow, payload: P): void;
  /** When the business event happened, for `occurredAt`. */
  occurredAt?(payload: P): string | undefined;
}

/**
 * Accepting one canonical payload posted as JSON, as named steps, with the guarantees of
 * registry entries: nothing is written before every check passed (JSON, schema, rules, tenancy,
 * the route's transform as a dry run); the answer is `queued` only once the journal row exists
 * and the broker confirmed the publish; an Idempotency-Key already used repeats the earlier answer.
 */
export async function acceptCanonical<P>(ctx: IntakeContext, input: IntakeInput, spec: CanonicalIntake<P>): Promise<Accepted> {
  const tenant = tenantOf(ctx.config.tenants, input.key);
  requireJson(input.contentType, spec.label);
  const claim = input.idempotencyKey ? { key: input.idempotencyKey, requestHash: requestHash({ adapter: spec.adapter, target: spec.target, body: input.body }) } : undefined;
  const prior = claim && (await priorAnswer(ctx.journal, tenant.code, claim));
  if (prior) return prior;
  const payload = validate(ctx, spec, parseJsonBody(input.body ?? Buffer.alloc(0)));
  spec.authorize(tenant, input.key, payload);
  const route = routeFor(ctx, spec);
  const envelope = wrap(ctx, input, spec, payload, claim?.key ?? null);
  dryRunTransform(route, envelope, spec.label);
  const raced = await insertOnce(ctx.journal, tenant.code, claim, () => record(ctx, envelope, route, claim));
  if (raced) return raced;
  await publish(ctx, envelope, route);
  return { id: envelope.id, status: 'queued', replayed: false };
}

function requireJson(contentType: string | undefined, label: string): void {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  if (media !== JSON_MEDIA) throw new PasarelaError(Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE, `Send the ${label} as ${JSON_MEDIA}`);
}

function validate<P>(ctx: IntakeContext, spec: CanonicalIntake<P>, payload: unknown): P {
  const problems = ctx.schemas.validatePayload(spec.type, 1, payload);
  if (problems.length === 0) problems.push(...spec.check(payload as P, ctx.now?.() ?? new Date()));
  if (problems.length) throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The ${spec.label} has ${problems.length} problem(s)`, { problems });
  return payload as P;
}

function routeFor<P>(ctx: IntakeContext, spec: CanonicalIntake<P>): RouteDefinition {
  const route = ctx.routes.find((r) => r.from.type === spec.type);
  if (!route) throw new PasarelaError(Errors.INTAKE_NO_ROUTE, `No route takes ${spec.type} messages`);
  return route;
}

function wrap<P>(ctx: IntakeContext, input: IntakeInput, spec: CanonicalIntake<P>, payload: P, idempotencyKey: string | null): Envelope<P> {
  const envelope = createEnvelope({
    type: spec.type, schemaVersion: 1, tenant: input.key.tenant, source: { system: input.key.name, adapter: spec.adapter },
    payload, idempotencyKey, occurredAt: spec.occurredAt?.(payload), now: ctx.now?.(),
  });
  const problems = ctx.schemas.validateEnvelope(envelope);
  if (problems.length) throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The envelope is not valid', { problems });
  return envelope;
}

/** A payload the worker could never turn into its target is refused now with 400, not parked later. */
function dryRunTransform<P>(route: RouteDefinition, envelope: Envelope<P>, label: string): void {
  try {
    transforms[route.transform].apply(envelope);
  } catch (e) {
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The ${label} cannot be expressed as ${transforms[route.transform].to}`, {
      cause: e, problems: e instanceof PasarelaError ? e.problems : [],
    });
  }
}

async function record<P>(ctx: IntakeContext, envelope: Envelope<P>, route: RouteDefinition, claim?: IdempotencyClaim): Promise<void> {
  await ctx.journal.insertMessage({ envelope, route: route.name, requestHash: claim?.requestHash ?? null });
}
