import type { FieldProblem } from './errors';
import { parseEniExpedienteId, roleOf, type ExpedienteDates, type ExpedienteStatus } from './expediente';
import { madridDate } from './notification';

/**
 * Semantic checks of an expediente status that a JSON Schema cannot express. Run them after the
 * schema passed; they assume its shape but never throw on odd values.
 */

export interface ExpedienteCheckOptions {
  /** How far in the future `dates.changedAt` may be (clock skew), in ms. @defaultValue 5 minutes */
  futureSkewMs?: number;
}

export const DEFAULT_EXPEDIENTE_LIMITS: Required<ExpedienteCheckOptions> = {
  futureSkewMs: 5 * 60 * 1000,
};

/**
 * Problems found; empty when the status is consistent. `now` is the moment of intake: the
 * change may not be later than it (plus the skew), nor the ENI identifier's year later than its
 * Europe/Madrid year.
 */
export function checkExpedienteStatus(
  status: ExpedienteStatus, now: Date = new Date(), options: ExpedienteCheckOptions = {},
): FieldProblem[] {
  const limits = { ...DEFAULT_EXPEDIENTE_LIMITS, ...options };
  const interested = Array.isArray(status.interested) ? status.interested : [];
  return [
    ...checkIdentifierYear(status, now),
    ...checkDates(status.dates, now, limits.futureSkewMs),
    ...checkStateDates(status),
    ...checkPendingAction(status),
    ...checkInterested(interested),
  ];
}

function problem(pointer: string, code: string, message: string): FieldProblem {
  return { pointer, code, message };
}

function checkIdentifierYear(status: ExpedienteStatus, now: Date): FieldProblem[] {
  const id = parseEniExpedienteId(status.expediente);
  if (!id || Number.isNaN(now.getTime())) return [];
  if (id.year <= Number(madridDate(now).slice(0, 4))) return [];
  return [problem('/expediente', 'EXPEDIENTE_ID_YEAR_IN_FUTURE', 'The year in the expediente identifier is after the current year.')];
}

/** Milliseconds of a date-time, or undefined when it is not one. */
function instant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : at;
}

const DATE_BEFORE_START = ['EXPEDIENTE_DATE_BEFORE_START', 'This date is before the expediente was started.'] as const;
const DATE_AFTER_CHANGE = ['EXPEDIENTE_DATE_AFTER_CHANGE', 'This date is after the change that reports it.'] as const;

/** Problems per date field, in field order. What a change reports had happened by the time of the change. */
function checkDates(dates: ExpedienteDates | undefined, now: Date, skewMs: number): FieldProblem[] {
  const started = instant(dates?.startedAt);
  const changed = instant(dates?.changedAt);
  const resolved = instant(dates?.resolvedAt);
  const closed = instant(dates?.closedAt);
  const before = (a: number | undefined, b: number | undefined): boolean => a !== undefined && b !== undefined && a < b;
  const rules: Array<[string, boolean, readonly [string, string]]> = [
    ['changedAt', changed !== undefined && changed > now.getTime() + skewMs, ['EXPEDIENTE_CHANGE_IN_FUTURE', 'The change time is in the future.']],
    ['changedAt', before(changed, started), DATE_BEFORE_START],
    ['resolvedAt', before(resolved, started), DATE_BEFORE_START],
    ['resolvedAt', before(changed, resolved), DATE_AFTER_CHANGE],
    ['closedAt', before(closed, started), DATE_BEFORE_START],
    ['closedAt', before(changed, closed), DATE_AFTER_CHANGE],
    ['closedAt', before(closed, resolved), ['EXPEDIENTE_CLOSED_BEFORE_RESOLVED', 'The expediente is closed before it was resolved.']],
  ];
  return rules.filter(([, broken]) => broken).map(([field, , [code, message]]) => problem(`/dates/${field}`, code, message));
}

function checkStateDates(status: ExpedienteStatus): FieldProblem[] {
  const dates = status.dates;
  if (status.state === 'resolved' && dates?.resolvedAt === undefined) {
    return [problem('/dates/resolvedAt', 'EXPEDIENTE_RESOLVED_AT_REQUIRED', 'A resolved expediente needs its resolution date.')];
  }
  if (status.state === 'closed' && dates?.closedAt === undefined) {
    return [problem('/dates/closedAt', 'EXPEDIENTE_CLOSED_AT_REQUIRED', 'A closed expediente needs its closing date.')];
  }
  return [];
}

/** The schema says the same (if/then/else); repeated so that callers without it agree. */
function checkPendingAction(status: ExpedienteStatus): FieldProblem[] {
  const pending = status.state === 'pending-citizen-action';
  if (pending && status.pendingAction === undefined) {
    return [problem('/pendingAction', 'EXPEDIENTE_PENDING_ACTION_REQUIRED', 'An expediente pending citizen action needs the pending action.')];
  }
  if (!pending && status.pendingAction !== undefined) {
    return [problem('/pendingAction', 'EXPEDIENTE_PENDING_ACTION_UNEXPECTED', 'Only an expediente pending citizen action has a pending action.')];
  }
  return [];
}

function checkInterested(interested: ExpedienteStatus['interested']): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  let holders = 0;
  interested.forEach((party, i) => {
    if (party === null || typeof party !== 'object') return;
    if (roleOf(party) === 'holder') holders++;
    const number = party.documentNumber;
    if (typeof number !== 'string') return;
    // NIF, NIE and CIF numbers never collide across types, so the number alone identifies.
    if (seen.has(number)) {
      out.push(problem(`/interested/${i}/documentNumber`, 'EXPEDIENTE_DUPLICATE_INTERESTED', 'Another interested party already has this document.'));
    }
    seen.add(number);
  });
  if (interested.length > 0 && holders === 0) {
    out.push(problem('/interested', 'EXPEDIENTE_HOLDER_REQUIRED', 'At least one interested party must be a holder.'));
  }
  return out;
}
