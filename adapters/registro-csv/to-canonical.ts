import type { FieldProblem } from '../../src/core/errors';
import type { DecodedMessage } from '../../src/core/plugin';
import type { InterestedParty, Person } from '../../src/core/registry-entry';
import { isBlank, looksLikeFormula, readBoolean, readDateTime, type CellResult } from './cells';
import type { Column } from './columns';
import type { CsvRow } from './parse';

type Section = Record<string, unknown>;

interface Draft {
  sections: Record<'origin' | 'destination' | 'subject' | 'form' | 'control', Section>;
  interested: Section;
  representative: Section;
  party: Section;
}

/**
 * One data row -> one `registry-entry`. Only maps: the values (DIR3 codes, NIF check letters,
 * code lists) are checked afterwards by intake's schema, the same for every adapter. A row that
 * cannot be mapped (wrong number of cells, a formula, a date or boolean that does not parse)
 * comes back with `problems` at `/lines/<line>[/<column>]` and an empty payload.
 */
export function toCanonical(row: CsvRow, columns: readonly Column[]): DecodedMessage {
  const ref = { line: row.line };
  if (row.cells.length !== columns.length) {
    const message = `the row has ${row.cells.length} cell(s) and the header ${columns.length}`;
    return refused(ref, [{ pointer: `/lines/${row.line}`, code: 'CSV_RAGGED_ROW', message }]);
  }
  const draft: Draft = { sections: { origin: {}, destination: {}, subject: {}, form: {}, control: {} }, interested: {}, representative: {}, party: {} };
  const problems: FieldProblem[] = [];
  columns.forEach((column, i) => {
    const cell = row.cells[i];
    if (isBlank(cell)) return;
    const result = readCell(column, cell);
    if ('value' in result) place(draft, column.name, result.value);
    else problems.push({ pointer: `/lines/${row.line}/${column.name}`, code: result.code, message: result.message });
  });
  if (problems.length) return refused(ref, problems);
  return { type: 'registry-entry', schemaVersion: 1, payload: assemble(draft), ref };
}

function readCell(column: Column, cell: string): CellResult<unknown> {
  if (looksLikeFormula(cell)) {
    return { code: 'CSV_FORMULA_INJECTION', message: 'starts like a spreadsheet formula (=, +, -, @, tab or carriage return); the value is refused, not rewritten' };
  }
  if (column.kind === 'date') return readDateTime(cell);
  if (column.kind === 'boolean') return readBoolean(cell);
  return { value: cell };
}

/** `interested.remarks` belongs to the party; other `interested.*` to the person. */
function place(draft: Draft, name: string, value: unknown): void {
  const [head, field] = name.split('.');
  if (name === 'interested.remarks') draft.party.remarks = value;
  else if (head === 'interested') draft.interested[field] = value;
  else if (head === 'representative') draft.representative[field] = value;
  else draft.sections[head as keyof Draft['sections']][field] = value;
}

function assemble(draft: Draft): unknown {
  const { origin, destination, subject, form, control } = draft.sections;
  return {
    origin,
    destination,
    interested: party(draft),
    subject,
    // Both texts are required by the schema and may be empty: an empty cell is an empty text.
    form: { expone: form.expone ?? '', solicita: form.solicita ?? '' },
    annexes: [],
    control,
  };
}

/** The row's interested party, or none when the row fills no `interested.*` / `representative.*` cell. */
function party(draft: Draft): InterestedParty[] {
  const hasRepresentative = Object.keys(draft.representative).length > 0;
  if (Object.keys(draft.interested).length === 0 && !hasRepresentative && draft.party.remarks === undefined) return [];
  return [{
    interested: draft.interested as Person,
    ...(hasRepresentative && { representative: draft.representative as Person }),
    ...(draft.party.remarks !== undefined && { remarks: draft.party.remarks as string }),
  }];
}

function refused(ref: { line: number }, problems: FieldProblem[]): DecodedMessage {
  return { type: 'registry-entry', schemaVersion: 1, payload: {}, ref, problems };
}
