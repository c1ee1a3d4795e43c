import { isDir3Code } from '../../src/core/validators/dir3';
import { isValidIdentityDocument } from '../../src/core/validators/identity';
import { DOCUMENT_TYPES, EXPEDIENTE_STATES, INTERESTED_ROLES, type ExpedienteChange, type Interested } from './change';

/**
 * Checks an untrusted push body against the contract in change.ts: every field's presence and
 * type, and the formats pasarela promises (ENI identifier, DIR3 codes, identity documents with
 * their check letters, RFC 3339 dates, an https office URL). Unknown fields are refused at every
 * level, so the contract cannot drift unnoticed. The problem names the field (`/interested/0/role: required`)
 * and never quotes a value: values may be personal data.
 */

export type ChangeCheck = { ok: true; change: ExpedienteChange } | { ok: false; problem: string };

/** NTI de Expediente Electrónico, Anexo I: `ES_<órgano>_<AAAA>_EXP_<ID específico, alfanumérico, ≤ 30>`. */
const ENI_EXPEDIENTE = /^ES_[A-Z][A-Z0-9]{8}_[0-9]{4}_EXP_[A-Za-z0-9]{1,30}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIA_CODE = /^[0-9]{1,12}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_TEXT = 1000;
const MAX_INTERESTED = 100;

type Obj = Record<string, unknown>;
/** Where (field path) and why a value fails. */
type Problem = { path: string[]; reason: string } | undefined;
type Rule = (v: unknown) => Problem;

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);
/** A leaf rule from a test that answers the reason, or undefined when the value is fine. */
const leaf = (test: (v: unknown) => string | undefined): Rule => (v) => {
  const reason = test(v);
  return reason === undefined ? undefined : { path: [], reason };
};
const at = (field: string, p: Problem): Problem => (p === undefined ? undefined : { path: [field, ...p.path], reason: p.reason });

const text = (max = MAX_TEXT): Rule => leaf((v) => {
  if (typeof v !== 'string') return 'must be a string';
  if (v.trim() === '') return 'must not be empty';
  return [...v].length > max ? `must be at most ${max} characters` : undefined;
});
const matching = (re: RegExp, what: string): Rule => leaf((v) => (typeof v === 'string' && re.test(v) ? undefined : `must be ${what}`));
const oneOf = (values: readonly string[]): Rule => leaf((v) => (typeof v === 'string' && values.includes(v) ? undefined : `must be one of ${values.join(', ')}`));
const dir3: Rule = leaf((v) => (isDir3Code(v) ? undefined : 'must be a DIR3 code'));
const validDate = (re: RegExp, what: string): Rule => leaf((v) => (typeof v === 'string' && re.test(v) && !Number.isNaN(Date.parse(v)) ? undefined : `must be ${what}`));
const sequence: Rule = leaf((v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'must be a non-negative integer'));

const httpsUrl: Rule = leaf((v) => {
  if (typeof v !== 'string' || v.length > 2048) return 'must be an https URL';
  try {
    return new URL(v).protocol === 'https:' ? undefined : 'must be an https URL';
  } catch {
    return 'must be an https URL';
  }
});

/** An object with exactly these fields (those in `optional` may be missing), each checked by its rule. */
function object(rules: Record<string, Rule>, optional: readonly string[] = []): Rule {
  return (v) => {
    if (!isObject(v)) return { path: [], reason: 'must be an object' };
    const unknown = Object.keys(v).find((k) => !Object.prototype.hasOwnProperty.call(rules, k));
    if (unknown !== undefined) return { path: [unknown.slice(0, 40)], reason: 'unknown field' };
    for (const [field, rule] of Object.entries(rules)) {
      if (v[field] === undefined && optional.includes(field)) continue;
      const problem = v[field] === undefined ? { path: [], reason: 'required' } : rule(v[field]);
      if (problem !== undefined) return at(field, problem);
    }
    return undefined;
  };
}

const interestedParty = object({ documentType: oneOf(DOCUMENT_TYPES), documentNumber: text(17), role: oneOf(INTERESTED_ROLES) });

/** The interested parties: 1..100, each document valid for its type (check letters included). */
const interested: Rule = (v) => {
  if (!Array.isArray(v) || v.length === 0 || v.length > MAX_INTERESTED) return { path: [], reason: `must be a list of 1 to ${MAX_INTERESTED} interested parties` };
  for (const [i, item] of v.entries()) {
    const problem = interestedParty(item);
    if (problem !== undefined) return at(String(i), problem);
    const { documentType, documentNumber } = item as Interested;
    if (!isValidIdentityDocument(documentType, documentNumber)) return { path: [String(i), 'documentNumber'], reason: `is not a valid ${documentType}` };
  }
  return undefined;
};

const dateTime = validDate(DATE_TIME, 'an RFC 3339 date-time');

const CHANGE = object({
  id: matching(UUID, 'a UUID'),
  expediente: matching(ENI_EXPEDIENTE, 'an ENI identifier ES_<DIR3>_<yyyy>_EXP_<id>'),
  tenant: dir3,
  managingUnit: dir3,
  procedure: object({ code: matching(SIA_CODE, 'a SIA code (digits)'), name: text() }),
  title: text(),
  state: oneOf(EXPEDIENTE_STATES),
  phase: text(),
  pendingAction: object({ description: text(), dueOn: validDate(DATE, 'a date YYYY-MM-DD') }, ['dueOn']),
  dates: object({ startedAt: dateTime, changedAt: dateTime, resolvedAt: dateTime, closedAt: dateTime }, ['resolvedAt', 'closedAt']),
  officeUrl: httpsUrl,
  sequence,
  interested,
}, ['phase', 'pendingAction']);

/** The change, or its first problem as `/path: reason` (`/` alone: the body itself). */
export function checkChange(body: unknown): ChangeCheck {
  const problem = CHANGE(body);
  return problem === undefined ? { ok: true, change: body as ExpedienteChange } : { ok: false, problem: `/${problem.path.join('/')}: ${problem.reason}` };
}
