import { Errors, PasarelaError, type FieldProblem } from '../../src/core/errors';
import { COLUMNS, columnNamed, type Column } from './columns';

/**
 * The header row -> the column of each position. A header problem is a whole-file error: with a
 * column unknown, repeated or missing, every row of the file would be read wrong.
 */
export function resolveHeader(cells: readonly string[]): Column[] {
  const columns = cells.map(columnNamed);
  if (columns.every((c) => c === undefined)) {
    throw malformed([{ pointer: '/header', code: 'CSV_NO_HEADER', message: 'no cell of the first line names a known column: the header row is missing' }]);
  }
  const problems = [...unknownColumns(cells, columns), ...duplicateColumns(columns), ...missingColumns(columns)];
  if (problems.length) throw malformed(problems);
  return columns as Column[];
}

function unknownColumns(cells: readonly string[], columns: ReadonlyArray<Column | undefined>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  columns.forEach((column, i) => {
    if (column === undefined) {
      problems.push({ pointer: `/header/${headerToken(cells[i], i)}`, code: 'CSV_UNKNOWN_COLUMN', message: `column ${i + 1} is not a known column name` });
    }
  });
  return problems;
}

function duplicateColumns(columns: ReadonlyArray<Column | undefined>): FieldProblem[] {
  const seen = new Set<Column>();
  const reported = new Set<Column>();
  const problems: FieldProblem[] = [];
  for (const column of columns) {
    if (column === undefined) continue;
    if (seen.has(column) && !reported.has(column)) {
      reported.add(column);
      problems.push({ pointer: `/header/${column.name}`, code: 'CSV_DUPLICATE_COLUMN', message: 'the column appears more than once' });
    }
    seen.add(column);
  }
  return problems;
}

function missingColumns(columns: ReadonlyArray<Column | undefined>): FieldProblem[] {
  const present = new Set(columns);
  return COLUMNS.filter((c) => c.required && !present.has(c)).map((c) => ({
    pointer: `/header/${c.name}`, code: 'CSV_MISSING_COLUMN', message: 'this column is required',
  }));
}

/**
 * An unknown header name is echoed only when it looks like a (mistyped) column path. Anything
 * else is named by its 1-based position: a file sent without its header row would otherwise put
 * a citizen's data (the first row) into the error answer and the logs.
 */
function headerToken(cell: string, index: number): string {
  const name = cell.trim();
  return /^[A-Za-z]+(\.[A-Za-z0-9_]+)+$/.test(name) && name.length <= 64 ? name : String(index + 1);
}

export function malformed(problems: FieldProblem[]): PasarelaError {
  return new PasarelaError(Errors.INTAKE_CSV_MALFORMED, `The CSV header is not valid (${problems.length} problem(s))`, { problems });
}
