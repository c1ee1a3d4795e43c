import {
  cifControlDigit, isValidCif, isValidIdentityDocument, isValidNie, isValidNif,
} from '../../../../src/core/validators/identity';
import type { IdentityDocumentType } from '../../../../src/core/registry-entry';

// Check characters below were computed by hand from the public rules:
// DNI/NIE letter = TRWAGMYFPDXBNJZSQVHLCKE[number mod 23]; CIF control per Orden EHA/451/2008.
const NOT_STRINGS: unknown[] = [undefined, null, 12345678, {}, [], true, Symbol('x')];

describe('isValidNif', () => {
  it.each(['99000001C', '12345678Z', '00000000T', 'K1234567L', 'L0000001R', 'M0000000T'])(
    'accepts %s, whose check letter is correct', (nif) => expect(isValidNif(nif)).toBe(true));

  it.each([
    ['12345678A', 'a wrong check letter'],
    ['K1234567A', 'a wrong check letter on a K form'],
    ['12345678z', 'a lower-case letter (no normalising)'],
    ['k1234567L', 'a lower-case prefix'],
    ['1234567Z', 'seven digits'],
    ['123456789Z', 'nine digits'],
    [' 12345678Z', 'a leading space'],
    ['12345678-Z', 'a separator'],
    ['X1234567L', 'a NIE'],
    ['B12345674', 'a CIF'],
    ['', 'an empty string'],
    ['１２３４５６７８Z', 'full-width digits'],
  ])('rejects %s (%s)', (nif) => expect(isValidNif(nif)).toBe(false));

  it.each(NOT_STRINGS)('rejects the non-string %p', (v) => expect(isValidNif(v)).toBe(false));
});

describe('isValidNie', () => {
  it.each(['X1234567L', 'Y9000002R', 'Z0000000M'])('accepts %s', (nie) => expect(isValidNie(nie)).toBe(true));

  it.each([
    ['X1234567A', 'a wrong check letter'],
    ['Y1234567L', 'the letter of X with prefix Y'],
    ['x1234567L', 'a lower-case prefix'],
    ['X1234567l', 'a lower-case check letter'],
    ['X123456L', 'six digits'],
    ['X12345678L', 'eight digits'],
    ['W1234567L', 'an unknown prefix'],
    ['99000001C', 'a NIF'],
  ])('rejects %s (%s)', (nie) => expect(isValidNie(nie)).toBe(false));

  it.each(NOT_STRINGS)('rejects the non-string %p', (v) => expect(isValidNie(v)).toBe(false));
});

describe('isValidCif', () => {
  it('computes the control digit of the central digits', () => {
    expect(cifControlDigit('1234567')).toBe(4);
    expect(cifControlDigit('5881850')).toBe(1);
    expect(cifControlDigit('0000000')).toBe(0);
    expect(cifControlDigit('2800000')).toBe(8);
  });

  it.each([
    ['B12345674', 'a digit for B'],
    ['A58818501', 'a digit for A'],
    ['P1234567D', 'a letter for P'],
    ['P0000000J', 'the letter J for control 0'],
    ['Q2800000H', 'a letter for Q'],
    ['G12345674', 'a digit for G, which allows both'],
    ['G1234567D', 'a letter for G, which allows both'],
  ])('accepts %s (%s)', (cif) => expect(isValidCif(cif)).toBe(true));

  it.each([
    ['B1234567D', 'a letter for B, which needs a digit'],
    ['P12345674', 'a digit for P, which needs a letter'],
    ['S12345674', 'a digit for S, which needs a letter'],
    ['B12345675', 'a wrong control digit'],
    ['G1234567E', 'a wrong control letter'],
    ['b12345674', 'a lower-case organisation letter'],
    ['I12345674', 'an organisation letter outside the list'],
    ['B1234567', 'a missing control character'],
    ['B123456744', 'ten characters'],
    ['99000001C', 'a NIF'],
  ])('rejects %s (%s)', (cif) => expect(isValidCif(cif)).toBe(false));

  it.each(NOT_STRINGS)('rejects the non-string %p', (v) => expect(isValidCif(v)).toBe(false));
});

describe('isValidIdentityDocument', () => {
  it.each<[IdentityDocumentType, string]>([
    ['NIF', '99000001C'], ['NIE', 'Y9000002R'], ['CIF', 'B12345674'], ['ORIGIN_CODE', 'L02000023'],
    ['PASSPORT', 'PAA000000'], ['OTHER', 'DOC-12345678901AB'],
  ])('accepts a %s number %s', (type, number) => expect(isValidIdentityDocument(type, number)).toBe(true));

  it.each<[IdentityDocumentType, unknown]>([
    ['NIF', 'Y9000002R'], ['NIE', '99000001C'], ['CIF', '99000001C'], ['ORIGIN_CODE', 'l02000023'],
    ['PASSPORT', ''], ['PASSPORT', 'X'.repeat(18)], ['OTHER', ' padded'], ['OTHER', 'tab\there'], ['OTHER', 42],
  ])('rejects a %s number %p', (type, number) => expect(isValidIdentityDocument(type, number)).toBe(false));

  it('rejects an unknown document type', () => {
    expect(isValidIdentityDocument('DNI' as IdentityDocumentType, '99000001C')).toBe(false);
  });
});
