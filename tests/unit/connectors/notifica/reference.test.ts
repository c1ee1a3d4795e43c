import { referenceOf } from '../../../../src/connectors/notifica';

const KEY_A = '0190a3b2-7c4d-7e5f-8a9b-0c1d2e3f4a5b';
const KEY_B = '0190a3b2-7c4d-7e5f-8a9b-0c1d2e3f4a5c';

describe('referenceOf', () => {
  it('fits referenciaEmisor: at most 20 characters, letters and digits only', () => {
    for (const key of [KEY_A, '', 'x'.repeat(10_000), 'clave con espacios y ñ']) {
      for (const index of [0, 1, 99]) {
        const ref = referenceOf(key, index);
        expect(ref.length).toBeLessThanOrEqual(20);
        expect(ref).toMatch(/^[A-Z0-9]+$/);
      }
    }
  });

  it('gives the same reference for the same delivery key and index, on every call', () => {
    expect(referenceOf(KEY_A, 3)).toBe(referenceOf(KEY_A, 3));
  });

  it('keeps the references of earlier versions, so a delivery retried across an upgrade is found again', () => {
    expect(referenceOf(KEY_A, 0)).toBe('P098C2A6EB7462830DD0');
    expect(referenceOf(KEY_A, 1)).toBe('P166EDAD8A698F6BEBD2');
  });

  it('gives each envío of a delivery its own reference', () => {
    const refs = Array.from({ length: 100 }, (_, i) => referenceOf(KEY_A, i));
    expect(new Set(refs).size).toBe(100);
  });

  it('gives different deliveries different references, however close their keys', () => {
    expect(referenceOf(KEY_A, 0)).not.toBe(referenceOf(KEY_B, 0));
    expect(referenceOf('a', 0)).not.toBe(referenceOf('A', 0));
    expect(referenceOf('a', 10)).not.toBe(referenceOf('a1', 0));
  });

  it('does not confuse a key ending in a separator and a number with another index', () => {
    expect(referenceOf('k#1', 0)).not.toBe(referenceOf('k', 1));
    expect(referenceOf('k', 10)).not.toBe(referenceOf('k#1', 0));
  });
});
