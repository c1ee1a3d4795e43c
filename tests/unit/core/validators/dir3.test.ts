import { isDir3Code, isExchangeId, parseExchangeId } from '../../../../src/core/validators/dir3';

describe('isDir3Code', () => {
  it.each(['O00009001', 'L02000023', 'E00000001', 'A04006749', 'GE0000001', 'EA9999999'])(
    'accepts %s', (code) => expect(isDir3Code(code)).toBe(true));

  it.each([
    ['o00009001', 'a lower-case first letter'],
    ['O0000900a', 'a lower-case letter inside'],
    ['O0000900', 'eight characters'],
    ['O000090011', 'ten characters'],
    ['100009001', 'a digit first'],
    ['O0000 001', 'a space'],
    ['', 'an empty string'],
    ['O00009001\n', 'a trailing line break'],
  ])('rejects %p (%s)', (code) => expect(isDir3Code(code)).toBe(false));

  it.each([null, undefined, 9, {}, ['O00009001']])('rejects the non-string %p', (v) => expect(isDir3Code(v)).toBe(false));
});

describe('isExchangeId', () => {
  it('accepts <office>_<yy>_<8 digits>', () => {
    expect(isExchangeId('O00009001_26_00000001')).toBe(true);
  });

  it.each([
    'O00009001_2026_00000001', 'O00009001_26_0000001', 'O00009001_26_000000001', 'o00009001_26_00000001',
    'O00009001-26-00000001', 'O00009001_2a_00000001', '_26_00000001', '', 'O00009001_26_00000001 ',
  ])('rejects %p', (id) => expect(isExchangeId(id)).toBe(false));

  it('rejects non-strings', () => {
    expect(isExchangeId(null)).toBe(false);
    expect(isExchangeId(20260000001)).toBe(false);
  });

  it('splits a valid id into office, year and sequence', () => {
    expect(parseExchangeId('O00009001_26_00000042')).toEqual({ office: 'O00009001', year: '26', sequence: '00000042' });
    expect(parseExchangeId('nonsense')).toBeUndefined();
  });
});
