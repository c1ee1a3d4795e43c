import { parse } from 'csv-parse/sync';
import { Errors, PasarelaError } from '../../src/core/errors';
import { decodeAs, decodeSniffed, encodingOf, UTF8_BOM } from '../../src/core/text-encoding';

/** The separators a registro-csv file may use. */
export type Delimiter = ';' | ',';

/** One physical record of the file: its cells as written and the line it starts on (1-based). */
export interface CsvRow {
  line: number;
  cells: string[];
}

/**
 * Longest row accepted, in characters. The longest valid row (expone and solicita at 4 000
 * characters each, every other column full) is about 16 000.
 */
export const MAX_ROW_CHARS = 65_536;

/** Bytes -> text: the declared charset when there is one, else UTF-8 or Windows-1252, sniffed. */
export function decodeText(raw: Buffer, charset: string | undefined): string {
  if (charset === undefined) return decodeSniffed(raw).text;
  if (encodingOf(charset) === 'windows-1252' && raw.subarray(0, 3).equals(UTF8_BOM)) {
    // Read as declared, the BOM would become "ï»¿" glued to the first column name.
    throw new PasarelaError(Errors.INTAKE_INVALID_ENCODING, `The body declares charset ${charset} but starts with a UTF-8 byte order mark; send it as UTF-8`);
  }
  return decodeAs(raw, charset);
}

/**
 * The separator of the file: the configured one, or (`auto`) the one that appears outside quotes
 * in the header line. Column names contain neither, so a header holding both (or none) is not a
 * header we can read.
 */
export function detectDelimiter(text: string, configured: 'auto' | Delimiter = 'auto'): Delimiter {
  if (configured !== 'auto') return configured;
  const counts = countOutsideQuotes(headerLine(text));
  if (counts[';'] > 0 && counts[','] === 0) return ';';
  if (counts[','] > 0 && counts[';'] === 0) return ',';
  const why = counts[';'] === 0 ? 'neither ";" nor ","' : 'both ";" and ","';
  throw new PasarelaError(Errors.INTAKE_CSV_MALFORMED, `The separator cannot be detected: the header line holds ${why}; set adapters.registro-csv.delimiter`, {
    problems: [{ pointer: '/header', code: 'CSV_AMBIGUOUS_DELIMITER', message: `the header line holds ${why} outside quotes` }],
  });
}

/** The first non-blank line of the text, up to the first line break outside quotes. */
function headerLine(text: string): string {
  const body = text.replace(/^\uFEFF?[\r\n]*/, '');
  let quoted = false;
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '"') quoted = !quoted;
    else if (!quoted && (body[i] === '\n' || body[i] === '\r')) return body.slice(0, i);
  }
  return body;
}

function countOutsideQuotes(line: string): Record<Delimiter, number> {
  const counts = { ';': 0, ',': 0 };
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === ';' || ch === ',')) counts[ch]++;
  }
  return counts;
}

/**
 * Text -> rows with the line each starts on. Blank rows (every cell empty: blank lines, or the
 * `;;;;` lines spreadsheets write after the data) are dropped. More than `maxRows` rows after the
 * header stops the parse with INTAKE_BATCH_TOO_LARGE. Syntax errors (a quote never closed, text
 * after a closing quote) throw INTAKE_CSV_MALFORMED naming the line of the row: past one, the
 * row boundaries of the rest of the file cannot be trusted.
 */
export function readRows(text: string, delimiter: Delimiter, maxRows: number): CsvRow[] {
  const rows: CsvRow[] = [];
  let line = 1;
  const onRecord = (cells: string[]): null => {
    const start = line;
    // csv-parse 7.0.3's `info.lines` counts CR and LF separately inside quoted cells, so a CRLF
    // in a quoted cell shifts every later line number: count the line breaks ourselves instead.
    line += 1 + cells.reduce((n, cell) => n + lineBreaks(cell), 0);
    if (cells.every((cell) => cell === '')) return null;
    rows.push({ line: start, cells });
    if (rows.length > maxRows + 1) throw tooLarge(maxRows);
    return null;
  };
  try {
    parse(text, {
      delimiter, record_delimiter: ['\r\n', '\n', '\r'], bom: true, cast: false, relax_quotes: false,
      relax_column_count: true, skip_empty_lines: false, max_record_size: MAX_ROW_CHARS, on_record: onRecord,
    });
  } catch (e) {
    throw e instanceof PasarelaError ? e : syntaxError(e, line);
  }
  return rows;
}

function lineBreaks(cell: string): number {
  return cell.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function tooLarge(maxRows: number): PasarelaError {
  return new PasarelaError(Errors.INTAKE_BATCH_TOO_LARGE, `The file holds more than ${maxRows} rows; split it`, { details: { maxRows } });
}

/**
 * Our own message, never csv-parse's: it quotes the cell it choked on, which is citizen data.
 * The original stays as `cause`.
 */
function syntaxError(e: unknown, line: number): PasarelaError {
  const code = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : 'CSV_UNREADABLE';
  const what = code === 'CSV_QUOTE_NOT_CLOSED' ? 'a quoted cell is never closed'
    : code === 'CSV_MAX_RECORD_SIZE' ? `the row is longer than ${MAX_ROW_CHARS} characters`
    : code.includes('QUOTE') ? 'a quote is misplaced (quote whole cells and double any quote inside them)'
    : 'the row cannot be read';
  return new PasarelaError(Errors.INTAKE_CSV_MALFORMED, `The CSV file cannot be read from line ${line}: ${what}`, {
    cause: e, problems: [{ pointer: `/lines/${line}`, code: 'CSV_SYNTAX', message: what }], details: { line, parserCode: code },
  });
}
