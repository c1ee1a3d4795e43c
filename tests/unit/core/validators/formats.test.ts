import Ajv2020 from 'ajv/dist/2020';
import { addPasarelaFormats, isCanonicalBase64, isSha256Hex, pasarelaFormats } from '../../../../src/core/validators/formats';

describe('isCanonicalBase64', () => {
  it.each(['', 'YQ==', 'YWI=', 'YWJj', 'U29saWNpdHVkIGRlIHBydWViYSBTSVIK', '+/+/'])(
    'accepts %p', (s) => expect(isCanonicalBase64(s)).toBe(true));

  it.each([
    ['YQ=', 'short padding'],
    ['YQ', 'missing padding'],
    ['YR==', 'non-zero unused bits'],
    ['YQ==YQ==', 'padding in the middle'],
    ['YQ==\n', 'a trailing line break'],
    ['YW Jj', 'a space'],
    ['-_-_', 'the URL-safe alphabet'],
    ['====', 'only padding'],
    ['YWJ\u00e9', 'a non-ASCII character'],
  ])('rejects %p (%s)', (s) => expect(isCanonicalBase64(s)).toBe(false));

  it('rejects non-strings', () => {
    expect(isCanonicalBase64(null)).toBe(false);
    expect(isCanonicalBase64(Buffer.from('a'))).toBe(false);
  });
});

describe('isSha256Hex', () => {
  const hex = 'ab'.repeat(32);
  it('accepts 64 lower-case hex digits', () => expect(isSha256Hex(hex)).toBe(true));
  it.each([hex.toUpperCase(), hex.slice(1), `${hex}0`, `${hex.slice(1)}g`, ''])('rejects %p', (s) => expect(isSha256Hex(s)).toBe(false));
});

describe('addPasarelaFormats', () => {
  it('registers every pasarela format on a strict Ajv instance', () => {
    const ajv = addPasarelaFormats(new Ajv2020({ strict: true }));
    for (const name of Object.keys(pasarelaFormats)) expect(ajv.formats[name]).toBeDefined();
    const validate = ajv.compile({ type: 'string', format: 'nif' });
    expect(validate('99000001C')).toBe(true);
    expect(validate('99000001D')).toBe(false);
  });
});
