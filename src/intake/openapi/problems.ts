import { type ErrorDef, Errors, PasarelaError, type PasarelaErrorOptions } from '../../core/errors';
import { problemOf } from '../problem';
import { ref, type JsonObject } from './types';

/**
 * Error answers, generated from the catalog (src/core/errors.ts): an operation names the
 * catalog entries it can answer with, and each HTTP status gets one response listing its codes
 * and titles, with a problem+json example per code (components.examples) built by problem.ts itself.
 */

/** What every authenticated /v1 endpoint may answer before its handler runs, or after it fails. */
export const TENANT_ERRORS: readonly ErrorDef[] = [
  Errors.AUTH_MISSING_KEY, Errors.AUTH_INVALID_KEY, Errors.AUTH_UNKNOWN_CERTIFICATE, Errors.AUTH_FORBIDDEN_SCOPE,
  Errors.INTAKE_RATE_LIMITED, Errors.INTAKE_UNAVAILABLE,
];

/** A POST with a JSON body read by fastify (the inbox actions). */
export const JSON_BODY_ERRORS: readonly ErrorDef[] = [
  Errors.INTAKE_INVALID_JSON, Errors.INTAKE_VALIDATION_FAILED, Errors.INTAKE_BODY_TOO_LARGE, Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE,
];

/** Reading a body through an adapter (adapters/, accept-steps.ts `decodeBody`), one entry or a batch. */
export const DECODE_ERRORS: readonly ErrorDef[] = [
  Errors.INTAKE_INVALID_JSON, Errors.INTAKE_TOO_DEEP, Errors.INTAKE_INVALID_ENCODING, Errors.INTAKE_CSV_MALFORMED,
  Errors.INTAKE_VALIDATION_FAILED, Errors.INTAKE_BAD_IDEMPOTENCY_KEY, Errors.INTAKE_BODY_TOO_LARGE, Errors.INTAKE_BATCH_TOO_LARGE,
  Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE, Errors.INTAKE_UNKNOWN_FORMAT,
];

/** Checking and accepting one entry (accept.ts): XML, tenancy, idempotency, routing. */
export const ENTRY_ERRORS: readonly ErrorDef[] = [
  Errors.INTAKE_XML_FORBIDDEN, Errors.INTAKE_XML_MALFORMED, Errors.SIR_FICHERO_UNREADABLE, Errors.AUTH_FORBIDDEN_OFFICE,
  Errors.AUTH_FORBIDDEN_UNIT, Errors.INTAKE_IDEMPOTENCY_IN_PROGRESS, Errors.INTAKE_IDEMPOTENCY_KEY_REUSED, Errors.INTAKE_NO_ROUTE,
];

/** A batch as a whole (accept-batch.ts); its items' own refusals travel in `items`. */
export const BATCH_ERRORS: readonly ErrorDef[] = [Errors.INTAKE_BATCH_REFUSED, Errors.INTAKE_NOT_A_BATCH];

/** Example details for codes whose answer carries more than a title. */
const SAMPLES: Partial<Record<string, PasarelaErrorOptions & { detail?: string }>> = {
  [Errors.INTAKE_VALIDATION_FAILED.code]: {
    detail: 'The registry entry has 1 problem(s)',
    problems: [{ pointer: '/interested/0/interested/documentNumber', code: 'SCHEMA_FORMAT_NIF', message: 'Must be a NIF with a correct check letter.' }],
  },
  [Errors.INTAKE_BATCH_REFUSED.code]: {
    detail: '1 of 2 item(s) are not valid; nothing was accepted',
    details: { items: [{ line: 3, code: 'INTAKE_VALIDATION_FAILED', errors: [{ pointer: '/origin/office', code: 'SCHEMA_FORMAT_DIR3', detail: 'Must be a DIR3 code: an upper-case letter and 8 upper-case letters or digits.' }] }] },
  },
};

function example(def: ErrorDef): JsonObject {
  const sample = SAMPLES[def.code] ?? {};
  const problem = problemOf(new PasarelaError(def, sample.detail, sample));
  return { summary: def.title, value: JSON.parse(JSON.stringify(problem)) as JsonObject };
}

/** components.examples: one problem+json example per catalog code in `defs`, named by its code. */
export function problemExamples(defs: readonly ErrorDef[]): Record<string, JsonObject> {
  return Object.fromEntries([...byStatus(defs).values()].flat().map((d) => [d.code, example(d)]));
}

/** `defs` without repeats, in catalog order, grouped by HTTP status. */
export function byStatus(defs: readonly ErrorDef[]): Map<number, ErrorDef[]> {
  const wanted = new Set(defs.map((d) => d.code));
  const groups = new Map<number, ErrorDef[]>();
  for (const def of Object.values(Errors) as ErrorDef[]) {
    if (!wanted.has(def.code)) continue;
    groups.set(def.status, [...(groups.get(def.status) ?? []), def]);
  }
  return new Map([...groups].sort(([a], [b]) => a - b));
}

/** One response per status for `defs`: the codes in the description, an example each, Retry-After when retryable. */
export function problemResponses(defs: readonly ErrorDef[]): Record<string, JsonObject> {
  const unknown = defs.filter((d) => !(d.code in Errors));
  if (unknown.length) throw new Error(`Not in the error catalog: ${unknown.map((d) => d.code).join(', ')}`);
  const out: Record<string, JsonObject> = {};
  for (const [status, group] of byStatus(defs)) {
    const lines = group.map((d) => `- \`${d.code}\`: ${d.title}`);
    const examples = Object.fromEntries(group.map((d) => [d.code, ref('examples', d.code)]));
    const retryable = group.some((d) => d.retryable);
    out[String(status)] = {
      description: `Refused (application/problem+json); \`code\` is one of:\n\n${lines.join('\n')}`,
      ...(retryable && { headers: { 'Retry-After': ref('headers', 'RetryAfter') } }),
      content: { 'application/problem+json': { schema: ref('schemas', 'Problem'), examples } },
      'x-error-codes': group.map((d) => d.code),
    };
  }
  return out;
}
