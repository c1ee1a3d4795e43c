import { checkRegistryEntry, DEFAULT_REGISTRY_ENTRY_LIMITS } from '../../../src/core/check-registry-entry';
import type { RegistryEntry } from '../../../src/core/registry-entry';
import { exampleEntry, textAnnex } from './registry-entry-example';

const NOW = new Date('2026-11-25T12:00:00+01:00');
const MiB = 1024 * 1024;

function codes(entry: RegistryEntry, now = NOW, options = {}): Array<[string, string]> {
  return checkRegistryEntry(entry, now, options).map((p) => [p.pointer, p.code]);
}

describe('checkRegistryEntry', () => {
  it('finds nothing wrong with the published example', () => {
    expect(checkRegistryEntry(exampleEntry(), NOW)).toEqual([]);
  });

  it('reports an annex whose sha256 does not match its content', () => {
    const entry = exampleEntry();
    entry.annexes[0].sha256 = '0'.repeat(64);
    expect(codes(entry)).toEqual([['/annexes/0/sha256', 'ANNEX_HASH_MISMATCH']]);
  });

  it('reports the second annex that reuses a file name', () => {
    const entry = exampleEntry();
    entry.annexes.push(textAnnex('other.txt', 'b'), textAnnex('solicitud.txt', 'c'));
    expect(codes(entry)).toEqual([['/annexes/2/fileName', 'ANNEX_DUPLICATE_NAME']]);
  });

  it('accepts a signature that names another annex or itself', () => {
    const entry = exampleEntry();
    entry.annexes.push(
      textAnnex('solicitud.txt.xsig', '<sig/>', { signsFile: 'solicitud.txt', documentType: 'internal' }),
      textAnnex('firmado.pdf', '%PDF', { signsFile: 'firmado.pdf' }),
    );
    expect(checkRegistryEntry(entry, NOW)).toEqual([]);
  });

  it('reports a signature that names no annex of the entry', () => {
    const entry = exampleEntry();
    entry.annexes.push(textAnnex('x.xsig', '<sig/>', { signsFile: 'missing.pdf' }));
    expect(codes(entry)).toEqual([['/annexes/1/signsFile', 'ANNEX_UNKNOWN_SIGNED_FILE']]);
  });

  it('tolerates a registry date up to five minutes ahead of the clock', () => {
    const entry = exampleEntry();
    entry.origin.registryDate = new Date(NOW.getTime() + 4 * 60 * 1000).toISOString();
    expect(checkRegistryEntry(entry, NOW)).toEqual([]);
  });

  it('reports a registry date more than five minutes in the future', () => {
    const entry = exampleEntry();
    entry.origin.registryDate = new Date(NOW.getTime() + 6 * 60 * 1000).toISOString();
    expect(codes(entry)).toEqual([['/origin/registryDate', 'DATE_IN_FUTURE']]);
    expect(codes(entry, NOW, { futureSkewMs: 10 * 60 * 1000 })).toEqual([]);
  });

  it('compares against the real clock when no time is given', () => {
    const entry = exampleEntry();
    entry.origin.registryDate = '2999-01-01T00:00:00+01:00';
    expect(checkRegistryEntry(entry).map((p) => p.code)).toEqual(['DATE_IN_FUTURE']);
  });

  it('requires at least one interested party in an entrada', () => {
    const entry = exampleEntry();
    entry.interested = [];
    expect(codes(entry)).toEqual([['/interested', 'INTERESTED_REQUIRED']]);
  });

  it('requires the origin unit in a salida without interested parties', () => {
    const entry = exampleEntry();
    entry.control.registryType = 'salida';
    entry.interested = [];
    expect(checkRegistryEntry(entry, NOW)).toEqual([]);
    delete entry.origin.unit;
    expect(codes(entry)).toEqual([['/origin/unit', 'ORIGIN_UNIT_REQUIRED']]);
  });

  it('does not require the origin unit in a salida with interested parties', () => {
    const entry = exampleEntry();
    entry.control.registryType = 'salida';
    delete entry.origin.unit;
    expect(checkRegistryEntry(entry, NOW)).toEqual([]);
  });

  it('uses the SIR limits by default: 5 annexes, 10 MiB each, 15 MiB in all', () => {
    expect(DEFAULT_REGISTRY_ENTRY_LIMITS).toEqual({
      maxAnnexes: 5, maxAnnexBytes: 10 * MiB, maxTotalAnnexBytes: 15 * MiB, futureSkewMs: 300000,
    });
  });

  it('reports more annexes than allowed', () => {
    const entry = exampleEntry();
    for (let i = 1; i <= 5; i++) entry.annexes.push(textAnnex(`extra-${i}.txt`, `annex ${i}`));
    expect(codes(entry)).toEqual([['/annexes', 'ANNEX_LIMIT']]);
    expect(codes(entry, NOW, { maxAnnexes: 6 })).toEqual([]);
  });

  it('accepts an annex of exactly 10 MiB and reports one byte more', () => {
    const entry = exampleEntry();
    entry.annexes = [textAnnex('a.bin', Buffer.alloc(10 * MiB, 1))];
    expect(checkRegistryEntry(entry, NOW)).toEqual([]);
    entry.annexes = [textAnnex('a.bin', Buffer.alloc(10 * MiB + 1, 1))];
    expect(codes(entry)).toEqual([['/annexes/0/content', 'ANNEX_LIMIT']]);
  });

  it('reports annexes that together exceed 15 MiB', () => {
    const entry = exampleEntry();
    entry.annexes = [textAnnex('a.bin', Buffer.alloc(8 * MiB, 1)), textAnnex('b.bin', Buffer.alloc(8 * MiB, 2))];
    expect(codes(entry)).toEqual([['/annexes', 'ANNEX_LIMIT']]);
  });

  it('takes per-annex and total limits from the options', () => {
    const entry = exampleEntry(); // its annex has 64 bytes
    entry.annexes.push(textAnnex('b.txt', '0123456789'));
    expect(codes(entry, NOW, { maxAnnexBytes: 63, maxTotalAnnexBytes: 70 })).toEqual([
      ['/annexes/0/content', 'ANNEX_LIMIT'],
      ['/annexes', 'ANNEX_LIMIT'],
    ]);
  });

  it('reports several problems at once without echoing values', () => {
    const entry = exampleEntry();
    entry.interested = [];
    entry.annexes[0].sha256 = 'f'.repeat(64);
    entry.annexes[0].signsFile = 'María Ejemplo.pdf';
    const problems = checkRegistryEntry(entry, NOW);
    expect(problems.map((p) => p.code).sort()).toEqual(['ANNEX_HASH_MISMATCH', 'ANNEX_UNKNOWN_SIGNED_FILE', 'INTERESTED_REQUIRED']);
    for (const p of problems) expect(p.message).not.toMatch(/María|f{64}/);
  });

  it('does not throw on shapes the schema would have refused', () => {
    const odd = { origin: null, interested: 'x', annexes: [{ content: 5 }], control: {} } as unknown as RegistryEntry;
    expect(() => checkRegistryEntry(odd, NOW)).not.toThrow();
    expect(() => checkRegistryEntry({} as RegistryEntry, NOW)).not.toThrow();
  });
});
