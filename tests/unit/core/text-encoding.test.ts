import { decodeAs, decodeSniffed, decodeUtf8, encodingOf } from '../../../src/core/text-encoding';
import { expectCode } from '../../helpers/errors';

describe('decoding inbound bodies to text', () => {
  it('reads strict UTF-8 and drops a leading BOM', () => {
    expect(decodeUtf8(Buffer.from('\ufeffJaén', 'utf8'))).toBe('Jaén');
  });

  it('refuses invalid UTF-8 with INTAKE_INVALID_ENCODING naming the offset, never U+FFFD', () => {
    expectCode(() => decodeUtf8(Buffer.from([0x4a, 0x61, 0xe9, 0x6e])), 'INTAKE_INVALID_ENCODING');
    expect(() => decodeUtf8(Buffer.from([0x41, 0xff]))).toThrow(/offset 1/);
  });

  it('refuses an encoded lone surrogate', () => {
    expectCode(() => decodeUtf8(Buffer.from([0xed, 0xa0, 0x80])), 'INTAKE_INVALID_ENCODING');
  });

  it('reads Windows-1252 when declared, and refuses charsets it does not know', () => {
    expect(decodeAs(Buffer.from([0x4a, 0x61, 0xe9, 0x6e, 0x80]), 'ISO-8859-1')).toBe('Jaén€');
    expectCode(() => decodeAs(Buffer.from('x'), 'shift_jis'), 'INTAKE_INVALID_ENCODING');
    expect(encodingOf('UTF8')).toBe('utf-8');
  });

  it('maps 0x80-0x9F as Windows-1252 does (euro sign, curly quotes, dashes), not as ISO-8859-1 C1 controls', () => {
    expect(decodeAs(Buffer.from([0x80, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97]), 'windows-1252')).toBe('€‘’“”–—');
    expect(decodeSniffed(Buffer.from([0x93, 0x4a, 0x61, 0xe9, 0x6e, 0x94])).text).toBe('“Jaén”');
  });

  it('sniffs UTF-8 first, then Windows-1252 for bytes with no UTF-8 sequence at all', () => {
    expect(decodeSniffed(Buffer.from('Muñoz', 'utf8'))).toEqual({ text: 'Muñoz', encoding: 'utf-8' });
    expect(decodeSniffed(Buffer.from([0x4d, 0x75, 0xf1, 0x6f, 0x7a]))).toEqual({ text: 'Muñoz', encoding: 'windows-1252' });
  });

  it('refuses bytes that mix UTF-8 and Windows-1252', () => {
    const mixed = Buffer.concat([Buffer.from('Muñoz ', 'utf8'), Buffer.from([0x4a, 0x61, 0xe9, 0x6e])]);
    expectCode(() => decodeSniffed(mixed), 'INTAKE_INVALID_ENCODING');
  });
});
