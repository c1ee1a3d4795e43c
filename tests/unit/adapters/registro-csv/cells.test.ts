import { looksLikeFormula, readBoolean, readDateTime } from '../../../../adapters/registro-csv/cells';

describe('registro-csv: spreadsheet formulas', () => {
  it.each([
    ["=cmd|' /C calc'!A0"], ['=1+1'], ['+SUM(1)'], ['-2+3'], ['@SUM(A1:A2)'], ['\tdatos'], ['\rdatos'],
    ['  =HYPERLINK("http://example.org")'], ['+A1'], ['-A1'],
  ])('refuses a cell that starts a spreadsheet formula: %j', (cell) => {
    expect(looksLikeFormula(cell)).toBe(true);
  });

  it.each([['+34 600 000 000'], ['-5'], ['+1.5'], ['-1.234,56'], ['600000000'], ['Calle = 1'], ['a@example.org'], ['María']])(
    'lets a plain number, phone or text through: %j', (cell) => {
      expect(looksLikeFormula(cell)).toBe(false);
    },
  );
});

describe('registro-csv: booleans', () => {
  it.each([['true', true], ['TRUE', true], ['sí', true], ['Sí', true], ['si', true], ['1', true], [' 1 ', true],
    ['false', false], ['False', false], ['no', false], ['NO', false], ['0', false]])('reads %j as %p', (cell, value) => {
    expect(readBoolean(cell)).toEqual({ value });
  });

  it.each([['yes'], ['2'], ['verdadero'], ['s']])('refuses %j', (cell) => {
    expect(readBoolean(cell)).toMatchObject({ code: 'CSV_BAD_BOOLEAN' });
  });
});

describe('registro-csv: registry dates', () => {
  it.each([
    ['2026-03-05T10:15:30+01:00'], ['2026-03-05T09:15:30Z'], ['2026-07-01T09:00:00.123+02:00'], ['2024-02-29T00:00:00+01:00'],
  ])('keeps an ISO 8601 date-time with offset as written: %s', (cell) => {
    expect(readDateTime(cell)).toEqual({ value: cell });
  });

  it.each([
    ['05/03/2026 10:15:30', '2026-03-05T10:15:30+01:00'],
    ['05/03/2026 10:15', '2026-03-05T10:15:00+01:00'],
    ['5/3/2026 9:05', '2026-03-05T09:05:00+01:00'],
    ['01/07/2026 09:30', '2026-07-01T09:30:00+02:00'],
    ['31/12/2026 23:59:59', '2026-12-31T23:59:59+01:00'],
  ])('reads the Spanish %s as Madrid time: %s', (cell, iso) => {
    expect(readDateTime(cell)).toEqual({ value: iso });
  });

  it.each([
    // Summer time starts on 29 March 2026 at 02:00 (clocks go to 03:00) and ends on 25 October 2026 at 03:00 (back to 02:00).
    ['29/03/2026 01:59:59', '2026-03-29T01:59:59+01:00'],
    ['29/03/2026 03:00', '2026-03-29T03:00:00+02:00'],
    ['25/10/2026 01:59', '2026-10-25T01:59:00+02:00'],
    ['25/10/2026 03:00', '2026-10-25T03:00:00+01:00'],
  ])('applies the offset in force on either side of a DST change: %s -> %s', (cell, iso) => {
    expect(readDateTime(cell)).toEqual({ value: iso });
  });

  it('reads the hour that repeats when summer time ends as the earlier instant (summer time)', () => {
    expect(readDateTime('25/10/2026 02:30')).toEqual({ value: '2026-10-25T02:30:00+02:00' });
  });

  it('refuses a time inside the hour skipped when summer time starts', () => {
    expect(readDateTime('29/03/2026 02:30')).toMatchObject({ code: 'CSV_BAD_DATE' });
  });

  it.each([
    ['31/02/2026 10:00'], ['29/02/2026 10:00'], ['05/03/2026 25:00'], ['05/03/2026 10:60'], ['05/03/2026 10:15:60'], ['00/03/2026 10:00'],
    ['05/13/2026 10:00'], ['05/03/2026'], ['2026-02-30T10:00:00+01:00'], ['2026-03-05T24:00:00+01:00'], ['2026-03-05T10:15:30'],
    ['2026-03-05 10:15:30+01:00'], ['2026-03-05T10:15+01:00'], ['2026-03-05t10:15:30z'], ['05-03-2026 10:15'], ['mañana'],
    ['01/01/1900 10:00'],
  ])('refuses a date-time that does not exist or is not in an accepted form: %j', (cell) => {
    expect(readDateTime(cell)).toMatchObject({ code: 'CSV_BAD_DATE' });
  });
});
