import pino from 'pino';
import { charsetOf, mediaTypeOf } from '../../adapters';
import { resolveRoutes } from '../../src/app';
import { loadConfig } from '../../src/config/load';
import { Errors, PasarelaError } from '../../src/core/errors';
import type { Adapter, DecodedMessage, IntakeMeta } from '../../src/core/plugin';
import { createSchemaRegistry } from '../../src/core/schemas';
import { checkItem, type CheckedItem, type IntakeContext } from '../../src/intake/accept-steps';
import { silentLogger } from '../../src/observability/logger';
import { FakeBus, FakeJournal, TEST_KEY } from '../unit/intake/fakes';

/**
 * The rule every adapter keeps, whatever bytes it is given, end to end: it returns well-formed
 * `DecodedMessage`s, each of which either carries problems or goes through intake's own checks
 * (`checkItem`) to an entry that passes the schema or to a non-retryable catalog error; or it
 * throws a non-retryable `PasarelaError` from the catalog; never anything else, and never
 * hangs. Written as functions returning the violations found (empty = kept), so jest and
 * fast-check both report exactly what broke.
 */

export const schemas = createSchemaRegistry();

/** A wall clock bound only to name a hang in the failure message; decode is synchronous. */
export const HANG_MS = 10_000;

/** The sample entries' dates are in 2026; semantic checks run as of a fixed later day. */
const CHECK_NOW = new Date('2026-11-25T12:00:00+01:00');

const CATALOG = new Map<string, { retryable: boolean; status: number }>(Object.values(Errors).map((d) => [d.code, d]));

export const quietLogger = pino({ enabled: false });

/** Intake as configured by default, checking as of CHECK_NOW, for the default tenant's unbound key. */
const config = loadConfig({ env: {} });
const intake: IntakeContext = {
  config, journal: new FakeJournal(TEST_KEY).asJournal(), bus: new FakeBus().asBus(), schemas,
  routes: resolveRoutes(config), logger: silentLogger(), now: () => CHECK_NOW,
};

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

/** Each message well-formed and, once it is, kept by intake's checks (`intakeViolations`). */
export function messageListViolations(adapter: Adapter<any>, messages: unknown): string[] {
  if (!Array.isArray(messages)) return [`returned ${typeof messages}, not an array of messages`];
  return messages.flatMap((m, i) => {
    const shape = messageViolations(adapter, m);
    return (shape.length > 0 ? shape : intakeViolations(m as DecodedMessage)).map((v) => `message ${i}: ${v}`);
  });
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

/** Intake's own checks on one message (schema, entry rules, tenancy, route, transform): the entry, or what it threw. */
export function intakeCheck(m: DecodedMessage): { checked: CheckedItem } | { thrown: unknown } {
  try {
    return { checked: checkItem(intake, config.tenants[0], TEST_KEY, m) };
  } catch (thrown) {
    return { thrown };
  }
}

/** A message with problems is refused by intake as it is; any other ends valid or as a coded, final error. */
export function intakeViolations(m: DecodedMessage): string[] {
  if (m.problems?.length) return [];
  const outcome = intakeCheck(m);
  if ('thrown' in outcome) return errorViolations(outcome.thrown).map((v) => `intake's checks ${v}`);
  const { decoded, entry } = outcome.checked;
  return schemas.validatePayload(decoded.type, decoded.schemaVersion, entry).map((p) => `passed intake's checks, yet ${p.pointer || '/'} ${p.code}`);
}

/** Why intake refuses a message (its code and problems); empty when intake accepts it. */
export function intakeRefusal(m: DecodedMessage): string[] {
  const outcome = intakeCheck(m);
  if (!('thrown' in outcome)) return [];
  const e = outcome.thrown;
  return e instanceof PasarelaError ? [e.code, ...e.problems.map((p) => `${p.pointer} ${p.code}`)] : [String(e)];
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
