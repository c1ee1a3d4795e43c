import { Errors, PasarelaError } from '../../src/core/errors';
import type { Adapter } from '../../src/core/plugin';
import { resolveHeader } from './header';
import { decodeText, detectDelimiter, readRows, type Delimiter } from './parse';
import { toCanonical } from './to-canonical';

/** Settings under `adapters.registro-csv`. */
export interface RegistroCsvConfig {
  /** Cell separator; `auto` detects it from the header line. @defaultValue `'auto'` */
  delimiter?: 'auto' | Delimiter;
  /** Most data rows (after the header) one file may hold. @defaultValue `10000` */
  maxRows?: number;
}

export const DEFAULT_MAX_ROWS = 10_000;

const configSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    delimiter: { enum: ['auto', ';', ','], default: 'auto', description: 'Cell separator; auto detects it from the header line.' },
    maxRows: { type: 'integer', minimum: 1, maximum: 100_000, default: DEFAULT_MAX_ROWS, description: 'Most data rows one file may hold.' },
  },
};

/**
 * A batch export of a municipal registry book as CSV: a header row naming canonical fields
 * (`origin.office`, `interested.name`…) and one registry entry per row, each with at most one
 * interested party and its representative, and no annexes. See README.md for the columns.
 */
export const registroCsv: Adapter<RegistroCsvConfig> = {
  name: 'registro-csv',
  version: '1.0.0',
  accepts: ['text/csv', 'application/csv'],
  produces: ['registry-entry'],
  configSchema,
  decode(raw, meta, ctx) {
    const config = ctx.config ?? {};
    const text = decodeText(raw, meta.charset);
    if (/^\uFEFF?\s*$/.test(text)) throw empty();
    const rows = readRows(text, detectDelimiter(text, config.delimiter), config.maxRows ?? DEFAULT_MAX_ROWS);
    if (rows.length === 0) throw empty();
    const [header, ...data] = rows;
    const columns = resolveHeader(header.cells);
    return data.map((row) => toCanonical(row, columns));
  },
};

function empty(): PasarelaError {
  return new PasarelaError(Errors.INTAKE_CSV_MALFORMED, 'The CSV file is empty; a header row naming the columns is required', {
    problems: [{ pointer: '/header', code: 'CSV_EMPTY', message: 'the file holds no header row' }],
  });
}
