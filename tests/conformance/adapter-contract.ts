import pino from 'pino';
import { charsetOf, mediaTypeOf } from '../../adapters';
import { checkRegistryEntry } from '../../src/core/check-registry-entry';
import { Errors, PasarelaError } from '../../src/core/errors';
import type { Adapter, DecodedMessage, IntakeMeta } from '../../src/core/plugin';
import type { RegistryEntry } from '../../src/core/registry-entry';
import { createSchemaRegistry } from '../../src/core/schemas';

/**
 * The rule every adapter keeps, whatever bytes it is given: it returns well-formed
 * `DecodedMessage`s, or throws a non-retryable `PasarelaError` from the catalog; never anything
 * else, and never hangs. Written as functions returning the violations found (empty = kept), so
 * jest and fast-check both report exactly what broke.
 */

export const schemas = createSchemaRegistry();

/** A wall clock bound only to name a hang in the failure message; decode is synchronous. */
export const HANG_MS = 10_000;

/** The sample entries' dates are in 2026; semantic checks run as of a fixed later day. */
const CHECK_NOW = new Date('2026-11-25T12:00:00+01:00');

const CATALOG = new Map<string, { retryable: boolean; status: number }>(Object.values(Errors).map((d) => [d.code, d]));

export const quietLogger = pino({ enabled: false });

export function metaFor(contentType: string, batch: boolean): IntakeMeta {
  return { tenant: 'L02000023', contentType, mediaType: mediaTypeOf(contentType), charset: charsetOf(contentType), system: 'conformance', batch };
}

export type Outcome = { messages: unknown } | { thrown: unknown };

/** Decode with the default (empty) config block, as intake does when none is configured. */
export function decodeOutcome(adapter: Adapter<any>, raw: Buffer, meta: IntakeMeta, logger = quietLogger): Outcome & { ms: number } {
  const started = performance.now();
  try {
    const messages = adapter.decode(raw, meta, { config: {}, logger });
    return { messages, ms: performance.now() - started };
  } catch (thrown) {
    return { thrown, ms: performance.now() - started };
  }
}

/** Violations of the rule for one decode of `raw`; empty when the adapter kept it. */
export function contractViolations(adapter: Adapter<any>, raw: Buffer, meta: IntakeMeta): string[] {
  const outcome = decodeOutcome(adapter, raw, meta);
  const slow = outcome.ms > HANG_MS ? [`decode took ${Math.round(outcome.ms)} ms on ${raw.length} bytes: it (nearly) hangs`] : [];
  return [...slow, ...('thrown' in outcome ? errorViolations(outcome.thrown) : messageListViolations(adapter, outcome.messages))];
}

export function errorViolations(e: unknown): string[] {
  if (!(e instanceof PasarelaError)) {
    const what = e instanceof Error ? `${e.constructor.name}: ${e.message.slice(0, 200)}` : typeof e;
    return [`threw something other than a PasarelaError (${what})`];
  }
  const def = CATALOG.get(e.code);
  if (!def) return [`threw the code ${e.code}, which is not in the Errors catalog`];
  const out: string[] = [];
  if (def.retryable || e.retryable) out.push(`threw ${e.code}, which is retryable: the same bytes would fail again`);
  if (e.status !== def.status) out.push(`threw ${e.code} with status ${e.status}, the catalog says ${def.status}`);
  return out;
}

export function messageListViolations(adapter: Adapter<any>, messages: unknown): string[] {
  if (!Array.isArray(messages)) return [`returned ${typeof messages}, not an array of messages`];
  return messages.flatMap((m, i) => messageViolations(adapter, m).map((v) => `message ${i}: ${v}`));
}

/** A well-formed DecodedMessage: a type it produces with a known schema version, sane ref and problems. */
export function messageViolations(adapter: Adapter<any>, m: unknown): string[] {
  if (typeof m !== 'object' || m === null || Array.isArray(m)) return ['is not an object'];
  const msg = m as Partial<DecodedMessage>;
  const out: string[] = [];
  if (!adapter.produces.includes(msg.type as never)) out.push(`has type ${String(msg.type)}, not one the adapter produces`);
  if (typeof msg.type !== 'string' || typeof msg.schemaVersion !== 'number' || !schemas.schemaFor(msg.type, msg.schemaVersion)) {
    out.push(`has schemaVersion ${String(msg.schemaVersion)}, for which no ${String(msg.type)} schema exists`);
  }
  if (!('payload' in msg)) out.push('has no payload');
  if (msg.ref !== undefined && !isRef(msg.ref)) out.push('has a ref that is not {line?: integer ≥ 1, index?: integer ≥ 0}');
  if (msg.problems !== undefined && !isProblemList(msg.problems)) out.push('has problems that are not a non-empty list of {pointer, code, message} strings');
  if (msg.occurredAt !== undefined && typeof msg.occurredAt !== 'string') out.push('has an occurredAt that is not a string');
  return out;
}

/** What intake would find wrong with a message without problems: schema, then semantic checks. */
export function validationProblems(m: DecodedMessage): string[] {
  const problems = schemas.validatePayload(m.type, m.schemaVersion, m.payload);
  if (problems.length === 0 && m.type === 'registry-entry') problems.push(...checkRegistryEntry(m.payload as RegistryEntry, CHECK_NOW));
  return problems.map((p) => `${p.pointer} ${p.code}`);
}

function isRef(ref: unknown): boolean {
  if (typeof ref !== 'object' || ref === null) return false;
  const { line, index } = ref as Record<string, unknown>;
  return (line === undefined || (Number.isInteger(line) && (line as number) >= 1))
    && (index === undefined || (Number.isInteger(index) && (index as number) >= 0));
}

function isProblemList(problems: unknown): boolean {
  return Array.isArray(problems) && problems.length > 0
    && problems.every((p) => typeof p === 'object' && p !== null && ['pointer', 'code', 'message'].every((k) => typeof (p as Record<string, unknown>)[k] === 'string'));
}
