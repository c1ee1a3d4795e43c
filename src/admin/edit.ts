import { compare, type Operation } from 'fast-json-patch';
import { checkRegistryEntry } from '../core/check-registry-entry';
import { Errors, PasarelaError, type FieldProblem } from '../core/errors';
import type { RegistryEntry } from '../core/registry-entry';
import { transforms } from '../../transforms';
import type { MessageRow } from '../journal/journal';
import type { AdminContext } from './context';

/**
 * Paths an edit may not touch, per type: a registry entry's `Identificador_Intercambio` is how
 * SIR recognises the exchange (the replay re-sends it, so a corrected fichero replaces the
 * failed one instead of starting another), and its origin office is part of that id and of
 * the tenant's authority.
 */
const FIXED_PATHS: Record<string, string[]> = {
  'registry-entry': ['/control/exchangeId', '/origin/office'],
};

/**
 * Check a corrected payload as intake would check a new one (canonical schema, business rules,
 * the route's transform) and give its RFC 6902 diff from the original. Any problem throws
 * ADMIN_INVALID_PAYLOAD with every problem found; nothing is written.
 */
export function checkEdit(ctx: AdminContext, row: MessageRow, payload: unknown): Operation[] {
  const problems = ctx.schemas.validatePayload(row.type, row.envelope.schemaVersion, payload);
  if (problems.length === 0 && row.type === 'registry-entry') problems.push(...checkRegistryEntry(payload as RegistryEntry));
  if (problems.length) throw invalid(`The corrected payload has ${problems.length} problem(s)`, problems);
  const diff = compare(row.envelope.payload as object, payload as object);
  if (diff.length === 0) throw invalid('The corrected payload is the same as the original; replay it instead', []);
  const fixed = diff.filter((op) => (FIXED_PATHS[row.type] ?? []).some((p) => op.path === p || op.path.startsWith(`${p}/`) || p.startsWith(`${op.path}/`)));
  if (fixed.length) {
    throw invalid('The edit changes fields a replay must keep', fixed.map((op) => ({ pointer: op.path, code: 'FIXED_FIELD', message: 'may not change in a replay' })));
  }
  dryRunTransform(ctx, row, payload);
  return diff;
}

function dryRunTransform(ctx: AdminContext, row: MessageRow, payload: unknown): void {
  const route = ctx.routes.find((r) => r.name === row.route);
  if (!route) throw new PasarelaError(Errors.INTAKE_NO_ROUTE, `Route ${row.route} is not configured any more`);
  try {
    transforms[route.transform].apply({ ...row.envelope, payload });
  } catch (e) {
    // Only the transform's own refusals are the payload's fault; anything else is a bug, reported as one.
    if (!(e instanceof PasarelaError)) throw e;
    throw invalid(`The route's transform refuses the corrected payload: ${e.message}`, e.problems);
  }
}

function invalid(message: string, problems: FieldProblem[]): PasarelaError {
  return new PasarelaError(Errors.ADMIN_INVALID_PAYLOAD, message, { problems });
}
