import { isoDateOf } from '../../../src/notifica/actions';

describe('isoDateOf', () => {
  it('turns the dd/MM/yyyy of ampliarPlazoOE into YYYY-MM-DD', () => {
    expect(isoDateOf('30/06/2026')).toBe('2026-06-30');
    expect(isoDateOf('01/12/2027')).toBe('2027-12-01');
    expect(isoDateOf('29/02/2028')).toBe('2028-02-29');
  });

  it('gives undefined for nothing or an empty text', () => {
    expect(isoDateOf(undefined)).toBeUndefined();
    expect(isoDateOf('')).toBeUndefined();
  });

  it('gives undefined for dates in any other form', () => {
    for (const text of ['2026-06-30', '30-06-2026', '3/6/2026', '30/06/26', '30/06/2026 10:00', ' 30/06/2026', '30/06/2026\n', '３０/06/2026', 'aa/bb/cccc']) {
      expect(isoDateOf(text)).toBeUndefined();
    }
  });

  it('gives undefined for a dd/MM/yyyy that is no calendar date', () => {
    const texts = ['31/02/2026', '29/02/2027', '00/06/2026', '32/01/2026', '15/13/2026', '15/00/2026'];
    expect(texts.map((t) => [t, isoDateOf(t)])).toEqual(texts.map((t) => [t, undefined]));
  });
});
