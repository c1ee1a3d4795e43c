import pino from 'pino';
import { registroCsv } from '../../../../adapters/registro-csv';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import type { DecodedMessage, IntakeMeta } from '../../../../src/core/plugin';
import type { RegistryEntry } from '../../../../src/core/registry-entry';

const META: IntakeMeta = { tenant: 'L02000023', contentType: 'text/csv', mediaType: 'text/csv', system: 'registro', batch: true };
const logger = pino({ enabled: false });
const decode = (text: string): DecodedMessage[] => registroCsv.decode(Buffer.from(text, 'utf8'), META, { config: {}, logger });

function errorOf(text: string): PasarelaError {
  try {
    decode(text);
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a PasarelaError');
}

const COLUMNS = ['origin.office', 'origin.registryNumber', 'origin.registryDate', 'destination.office', 'subject.summary',
  'control.registryType', 'control.physicalDocumentation', 'control.test', 'interested.name', 'interested.phone'];
const GOOD = ['O00009001', 'DIPJ-E-2026-000001', '05/03/2026 10:15', 'O00067890', 'Prueba', 'entrada', 'none', 'no', 'María', '600000000'];

/** GOOD with some cells replaced, as a `;` line (cells are written as given: quote them yourself). */
function row(changes: Record<string, string> = {}): string {
  return COLUMNS.map((c, i) => changes[c] ?? GOOD[i]).join(';');
}
const file = (...rows: string[]): string => [COLUMNS.join(';'), ...rows].join('\n') + '\n';

describe('registro-csv: rows that cannot be mapped are reported at their line', () => {
  it('reports a row with fewer or more cells than the header, and maps the others', () => {
    const items = decode(file(row(), 'O00009001;DIPJ-E-2026-000002', row(), `${row()};extra`));
    expect(items.map((i) => [i.ref?.line, i.problems?.map((p) => [p.pointer, p.code])])).toEqual([
      [2, undefined], [3, [['/lines/3', 'CSV_RAGGED_ROW']]], [4, undefined], [5, [['/lines/5', 'CSV_RAGGED_ROW']]],
    ]);
  });

  it.each([
    ["=cmd|' /C calc'!A0"], ['+SUM(1)'], ['-2+3'], ['@SUM(A1)'], ['"\tPrueba"'], ['"=HYPERLINK(""http://example.org"",""x"")"'],
  ])('refuses a cell that starts a spreadsheet formula: %s', (cell) => {
    const [item] = decode(file(row({ 'subject.summary': cell })));
    expect(item.problems).toEqual([expect.objectContaining({ pointer: '/lines/2/subject.summary', code: 'CSV_FORMULA_INJECTION' })]);
    expect(item.payload).toEqual({});
  });

  it('accepts a phone number written with a leading +', () => {
    const [item] = decode(file(row({ 'interested.phone': '+34 600 000 000' })));
    expect(item.problems).toBeUndefined();
    expect((item.payload as RegistryEntry).interested[0].interested.phone).toBe('+34 600 000 000');
  });

  it('never echoes the refused value in the problem', () => {
    const [item] = decode(file(row({ 'interested.name': '=María', 'interested.phone': '+34 600 TRUCO' })));
    expect(item.problems?.map((p) => p.pointer)).toEqual(['/lines/2/interested.name', '/lines/2/interested.phone']);
    expect(JSON.stringify(item.problems)).not.toMatch(/María|TRUCO/);
  });

  it.each([['31/02/2026 10:00'], ['05/03/2026 25:00'], ['29/03/2026 02:30'], ['ayer']])('refuses the non-existent registry date %s', (date) => {
    const [item] = decode(file(row({ 'origin.registryDate': date })));
    expect(item.problems).toEqual([expect.objectContaining({ pointer: '/lines/2/origin.registryDate', code: 'CSV_BAD_DATE' })]);
  });

  it('refuses a test flag it cannot read', () => {
    const [item] = decode(file(row({ 'control.test': 'quizá' })));
    expect(item.problems).toEqual([expect.objectContaining({ pointer: '/lines/2/control.test', code: 'CSV_BAD_BOOLEAN' })]);
  });

  it('leaves a field out when its cell is empty or holds only spaces', () => {
    const [item] = decode(file(row({ 'interested.phone': '', 'destination.office': '   ' })));
    const entry = item.payload as RegistryEntry;
    expect(entry.interested[0].interested).toEqual({ name: 'María' });
    expect(entry.destination).toEqual({});
  });

  it('copies text cells verbatim, without trimming or normalising them', () => {
    const [item] = decode(file(row({ 'subject.summary': ' Prueba  con  espacios ', 'origin.office': 'o00009001' })));
    expect((item.payload as RegistryEntry).subject.summary).toBe(' Prueba  con  espacios ');
    expect((item.payload as RegistryEntry).origin.office).toBe('o00009001');
  });
});

describe('registro-csv: line numbers', () => {
  it('counts the lines inside quoted cells, with LF or CRLF inside and around them', () => {
    const multi = (eol: string) => row({ 'subject.summary': `"Primera${eol}segunda${eol}tercera"` });
    for (const eol of ['\n', '\r\n']) {
      const text = [COLUMNS.join(';'), row(), multi(eol), row(), multi(eol), row()].join(eol) + eol;
      const items = decode(text);
      expect(items.map((i) => i.ref?.line)).toEqual([2, 3, 6, 7, 10]);
      expect((items[1].payload as RegistryEntry).subject.summary).toBe(`Primera${eol}segunda${eol}tercera`);
    }
  });

  it('reports a ragged row after a multi-line cell at the line where it starts', () => {
    const text = file(row({ 'subject.summary': '"a\r\n\r\nb"' }), 'O00009001;x');
    expect(decode(text)[1].problems).toEqual([expect.objectContaining({ pointer: '/lines/5', code: 'CSV_RAGGED_ROW' })]);
  });
});

describe('registro-csv: syntax errors refuse the whole file', () => {
  it('refuses a quoted cell that is never closed, naming the line where it opens', () => {
    const e = errorOf(file(row(), row(), row({ 'subject.summary': '"Sin cerrar' }), row()));
    expect([e.code, e.problems]).toEqual(['INTAKE_CSV_MALFORMED', [expect.objectContaining({ pointer: '/lines/4', code: 'CSV_SYNTAX' })]]);
    expect(e.message).toContain('line 4');
  });

  it('refuses text after a closing quote and a quote inside an unquoted cell', () => {
    expect(errorOf(file(row(), row({ 'interested.name': '"María"Ejemplo' }))).problems[0].pointer).toBe('/lines/3');
    expect(errorOf(file(row({ 'interested.name': 'María "la" Ejemplo' }))).problems[0].pointer).toBe('/lines/2');
  });

  it('names the line correctly after quoted cells with CRLF inside', () => {
    const text = [COLUMNS.join(';'), row({ 'subject.summary': '"a\r\nb"' }), row({ 'interested.name': '"x"y' })].join('\r\n');
    expect(errorOf(text).problems[0].pointer).toBe('/lines/4');
  });

  it('wraps the parser error, keeping it as cause, without quoting the cell in its own message', () => {
    const e = errorOf(file(row({ 'interested.name': 'María "la" Ejemplo' })));
    expect(e.cause).toBeInstanceOf(Error);
    expect(e.message + JSON.stringify(e.problems)).not.toMatch(/María|Ejemplo/);
  });

  it('refuses a row longer than the row size limit', () => {
    const e = errorOf(file(row(), row({ 'subject.summary': 'x'.repeat(70_000) })));
    expect([e.code, e.problems[0].pointer]).toEqual(['INTAKE_CSV_MALFORMED', '/lines/3']);
  });
});
