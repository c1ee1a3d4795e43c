import type { MessageType } from '../core/envelope';
import { Errors, PasarelaError, type FieldProblem } from '../core/errors';
import { MESSAGE_STATUSES, type MessageStatus } from '../journal/journal';
import type { MessageFilter } from '../journal/operations';

export const FILTER_FIELDS = ['status', 'route', 'tenant', 'type', 'from', 'to', 'q'] as const;
const TYPES: readonly MessageType[] = ['registry-entry', 'sir-control', 'notification', 'expediente-status', 'sir-fichero', 'sir-relay', 'tenant-event', 'carpeta-push'];
const MAX_TEXT = 200;

/**
 * A search or bulk-replay filter from untrusted input (query string or JSON body). Every field is
 * checked; problems are reported together, with a pointer each, as ADMIN_BAD_REQUEST. With
 * `strict`, a field that is not a filter field is a problem too (a typo must not widen a replay).
 */
export function parseFilter(input: unknown, where: string, strict: boolean): MessageFilter {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw bad([{ pointer: where, code: 'NOT_AN_OBJECT', message: 'must be an object' }]);
  const raw = input as Record<string, unknown>;
  const problems: FieldProblem[] = [];
  const filter: MessageFilter = {};
  for (const [name, value] of Object.entries(raw)) {
    const pointer = `${where}/${name}`;
    if (!(FILTER_FIELDS as readonly string[]).includes(name)) {
      if (strict) problems.push({ pointer, code: 'UNKNOWN_FIELD', message: `not a filter field (${FILTER_FIELDS.join(', ')})` });
      continue;
    }
    const problem = checkField(name as keyof MessageFilter, value);
    if (problem) problems.push({ pointer, code: 'INVALID_VALUE', message: problem });
    else (filter as Record<string, string>)[name] = value as string;
  }
  if (problems.length) throw bad(problems);
  return filter;
}

/** C0 controls and DEL: never in a key, a code or a name, and PostgreSQL refuses NUL in text outright. */
const CONTROL = /[\u0000-\u001f\u007f]/;

function checkField(name: keyof MessageFilter, value: unknown): string | undefined {
  if (!isPlainText(value)) return `must be a text of 1 to ${MAX_TEXT} characters without control characters`;
  if (name === 'status' && !MESSAGE_STATUSES.includes(value as MessageStatus)) return `must be one of ${MESSAGE_STATUSES.join(', ')}`;
  if (name === 'type' && !TYPES.includes(value as MessageType)) return `must be one of ${TYPES.join(', ')}`;
  if ((name === 'from' || name === 'to') && !isInstant(value)) return 'must be an ISO-8601 date-time with an offset or Z';
  return undefined;
}

function isInstant(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/.test(text) && !Number.isNaN(Date.parse(text));
}

export function isPlainText(value: unknown, max = MAX_TEXT): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= max && !CONTROL.test(value);
}

/** The query string's parameters, refusing any not in `allowed` (a typo must not be read as "no filter"). */
export function strictQuery(query: Record<string, unknown>, allowed: readonly string[]): Record<string, unknown> {
  const unknown = Object.keys(query).filter((k) => !allowed.includes(k));
  if (unknown.length) throw bad(unknown.map((k) => ({ pointer: `/query/${k}`, code: 'UNKNOWN_FIELD', message: `not a parameter of this endpoint (${allowed.join(', ')})` })));
  return query;
}

/** An optional text parameter: absent, or plain text of 1 to 200 characters. */
export function optionalText(value: unknown, pointer: string): string | undefined {
  if (value === undefined) return undefined;
  if (!isPlainText(value)) throw bad([{ pointer, code: 'INVALID_VALUE', message: `must be a text of 1 to ${MAX_TEXT} characters without control characters` }]);
  return value;
}

/** A positive integer no larger than `max`, or `fallback` when absent. */
export function parseCount(value: unknown, pointer: string, max: number, fallback: number): number;
export function parseCount(value: unknown, pointer: string, max: number, fallback: null): number | null;
export function parseCount(value: unknown, pointer: string, max: number, fallback: number | null): number | null {
  if (value === undefined || value === null) return fallback;
  const n = typeof value === 'string' && /^\d{1,12}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > max) {
    throw bad([{ pointer, code: 'INVALID_VALUE', message: `must be an integer from 1 to ${max}` }]);
  }
  return n;
}

export function bad(problems: FieldProblem[]): PasarelaError {
  return new PasarelaError(Errors.ADMIN_BAD_REQUEST, problems.map((p) => `${p.pointer} ${p.message}`).join('; '), { problems });
}
