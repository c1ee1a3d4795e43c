import { createCanonicalAjv } from '../../../src/core/schemas';
import {
  isEniExpedienteId, MAX_ENI_EXPEDIENTE_ID_LENGTH, parseEniExpedienteId,
} from '../../../src/core/expediente';
import { pasarelaFormats } from '../../../src/core/validators/formats';

const local30 = 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5';

describe('isEniExpedienteId', () => {
  it.each([
    'ES_L02000023_2026_EXP_SUB2026000457',
    'ES_L02000023_2026_EXP_1',
    'ES_E00000001_1900_EXP_x',
    'ES_A04006749_2100_EXP_000000000000000000000000001234',
    'ES_GE0000001_2015_EXP_abcDEF123',
    `ES_L01230503_2026_EXP_${local30}`,
  ])('accepts %s', (id) => expect(isEniExpedienteId(id)).toBe(true));

  it('accepts the longest identifier, 52 characters', () => {
    const id = `ES_L02000023_2026_EXP_${local30}`;
    expect(id).toHaveLength(MAX_ENI_EXPEDIENTE_ID_LENGTH);
    expect(isEniExpedienteId(id)).toBe(true);
  });

  it.each([
    ['', 'no characters at all'],
    ['ES_L02000023_2026_EXP_', 'no specific id'],
    [`ES_L02000023_2026_EXP_${local30}X`, 'a specific id of 31 characters'],
    ['es_L02000023_2026_EXP_1', 'a lower-case es_'],
    ['FR_L02000023_2026_EXP_1', 'another country'],
    ['ESL02000023_2026_EXP_1', 'no underscore after ES'],
    ['ES_l02000023_2026_EXP_1', 'a lower-case DIR3 code'],
    ['ES_102000023_2026_EXP_1', 'a DIR3 code starting with a digit'],
    ['ES_L0200002_2026_EXP_1', 'an 8-character DIR3 code'],
    ['ES_L020000230_2026_EXP_1', 'a 10-character DIR3 code'],
    ['ES_L02000023_26_EXP_1', 'a 2-digit year'],
    ['ES_L02000023_20266_EXP_1', 'a 5-digit year'],
    ['ES_L02000023_1899_EXP_1', 'the year 1899'],
    ['ES_L02000023_2101_EXP_1', 'the year 2101'],
    ['ES_L02000023_0000_EXP_1', 'the year 0000'],
    ['ES_L02000023_2O26_EXP_1', 'a letter O in the year'],
    ['ES_L02000023_2026_exp_1', 'a lower-case exp'],
    ['ES_L02000023_2026_1', 'no EXP (a document identifier)'],
    ['ES_L02000023_2026_EXP__1', 'an underscore in the specific id'],
    ['ES_L02000023_2026_EXP_SUB-2026-0457', 'a hyphen in the specific id'],
    ['ES_L02000023_2026_EXP_SUB/2026', 'a slash in the specific id'],
    ['ES_L02000023_2026_EXP_año1', 'a non-ASCII letter'],
    ['ES_L02000023_2026_EXP_１２３', 'full-width digits'],
    ['ES_L02000023_2026_EXP_1 ', 'a trailing space'],
    [' ES_L02000023_2026_EXP_1', 'a leading space'],
    ['ES_L02000023_2026_EXP_1\n', 'a trailing line break'],
    ['ES_L02000023_2026_EXP_1\u0000', 'a NUL'],
    ['ES_L02000023_2026_EXP_1%2F', 'percent-encoding'],
    ['ES_L02000023-2026-EXP-1', 'hyphens as separators'],
    ['ES_L02000023_2026_EXP_1_EXP_2', 'two EXP parts (an underscore in the specific id)'],
  ].map(([id, what]) => [what, id]))('rejects an identifier that has %s', (_what, id) => {
    expect(isEniExpedienteId(id)).toBe(false);
    expect(parseEniExpedienteId(id)).toBeUndefined();
  });

  // A backtracking pattern would hang here until the test's timeout: the failure, not a clock.
  it('rejects a huge string', () => {
    const huge = `ES_L02000023_2026_EXP_${'A'.repeat(1_000_000)}`;
    expect(isEniExpedienteId(huge)).toBe(false);
  });

  it.each([null, undefined, 2026, {}, ['ES_L02000023_2026_EXP_1']])(
    'rejects the non-string %p', (v) => expect(isEniExpedienteId(v)).toBe(false));
});

describe('parseEniExpedienteId', () => {
  it('splits an identifier into DIR3 code, year (a number) and specific id', () => {
    expect(parseEniExpedienteId('ES_L02000023_2026_EXP_SUB2026000457'))
      .toEqual({ dir3: 'L02000023', year: 2026, local: 'SUB2026000457' });
  });

  it('keeps leading zeros and case of the specific id', () => {
    expect(parseEniExpedienteId('ES_A04006749_1900_EXP_000aBc')).toEqual({ dir3: 'A04006749', year: 1900, local: '000aBc' });
  });
});

describe('the eni-expediente-id format', () => {
  it('is one of pasarela\'s formats, and Ajv applies it', () => {
    expect(pasarelaFormats['eni-expediente-id']).toBe(isEniExpedienteId);
    const validate = createCanonicalAjv().compile({ type: 'string', format: 'eni-expediente-id' });
    expect(validate('ES_L02000023_2026_EXP_1')).toBe(true);
    expect(validate('ES_L02000023_2026_EXP_')).toBe(false);
    expect(validate.errors?.[0]).toMatchObject({ keyword: 'format', params: { format: 'eni-expediente-id' } });
  });
});
