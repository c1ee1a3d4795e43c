import { createHash } from 'node:crypto';
import { documentKeyOf } from '../../../src/carpeta/document-key';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('the document key of a citizen', () => {
  it('is the SHA-256 hex of the document number', () => {
    expect(documentKeyOf('99000003E')).toBe(sha256('99000003E'));
    expect(documentKeyOf('99000003E')).toMatch(/^[0-9a-f]{64}$/);
  });

  it.each(['99000003e', '99.000.003-E', ' 99000003 E ', '99000003-e'])('is the same for %j, written in lower case or with separators', (written) => {
    expect(documentKeyOf(written)).toBe(documentKeyOf('99000003E'));
  });

  it('tells two documents apart', () => {
    expect(documentKeyOf('99000003E')).not.toBe(documentKeyOf('B99000077'));
  });

  it('does not carry the number itself', () => {
    expect(documentKeyOf('99000003E')).not.toContain('99000003');
  });
});
