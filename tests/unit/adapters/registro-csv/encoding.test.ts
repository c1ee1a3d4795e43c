import pino from 'pino';
import { registroCsv } from '../../../../adapters/registro-csv';
import type { DecodedMessage, IntakeMeta } from '../../../../src/core/plugin';
import type { RegistryEntry } from '../../../../src/core/registry-entry';
import { codeOfSync } from '../../../helpers/errors';

const META: IntakeMeta = { tenant: 'L02000023', contentType: 'text/csv', mediaType: 'text/csv', system: 'registro', batch: true };
const logger = pino({ enabled: false });

const decode = (raw: Buffer, charset?: string): DecodedMessage[] => registroCsv.decode(raw, { ...META, charset }, { config: {}, logger });
const entry = (raw: Buffer, charset?: string): RegistryEntry => decode(raw, charset)[0].payload as RegistryEntry;

const codeOf = (raw: Buffer, charset?: string): string => codeOfSync(() => decode(raw, charset));

const HEADER = 'origin.office;origin.registryNumber;origin.registryDate;destination.office;subject.summary;control.registryType;control.physicalDocumentation;control.test;interested.firstSurname';

/** A one-row file whose summary is `summary` and first surname `surname`, in `encoding`. */
function file(summary: string, surname: string, encoding: 'utf8' | 'latin1'): Buffer {
  return Buffer.from(`${HEADER}\r\nO00009001;DIPJ-E-2026-000001;05/03/2026 10:15;O00067890;${summary};entrada;none;no;${surname}\r\n`, encoding);
}

describe('registro-csv: character encodings', () => {
  const cp1252 = file('Solicitud de Jaén', 'Muñoz', 'latin1');

  it('writes é and ñ as the single Windows-1252 bytes 0xE9 and 0xF1 in the fixture', () => {
    expect(cp1252.includes(Buffer.from([0x4a, 0x61, 0xe9, 0x6e]))).toBe(true);
    expect(cp1252.includes(Buffer.from([0x4d, 0x75, 0xf1, 0x6f, 0x7a]))).toBe(true);
  });

  it.each([['windows-1252'], ['iso-8859-1'], ['latin1']])('reads Windows-1252 bytes declared as charset=%s', (charset) => {
    const e = entry(cp1252, charset);
    expect([e.subject.summary, e.interested[0].interested.firstSurname]).toEqual(['Solicitud de Jaén', 'Muñoz']);
  });

  it('reads Windows-1252 bytes without a declared charset (no UTF-8 sequence in them)', () => {
    const e = entry(cp1252);
    expect([e.subject.summary, e.interested[0].interested.firstSurname]).toEqual(['Solicitud de Jaén', 'Muñoz']);
  });

  it('reads UTF-8, declared or not', () => {
    const utf8 = file('Solicitud de Jaén', 'Muñoz', 'utf8');
    expect(entry(utf8).subject.summary).toBe('Solicitud de Jaén');
    expect(entry(utf8, 'utf-8').interested[0].interested.firstSurname).toBe('Muñoz');
  });

  it('drops a UTF-8 byte order mark, declared or not, so the first column is still recognised', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), file('Solicitud de Jaén', 'Muñoz', 'utf8')]);
    expect(entry(withBom).origin.office).toBe('O00009001');
    expect(entry(withBom, 'utf-8').origin.office).toBe('O00009001');
  });

  it('refuses a UTF-8 byte order mark on a body declared Windows-1252', () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), cp1252]);
    expect(codeOf(withBom, 'windows-1252')).toBe('INTAKE_INVALID_ENCODING');
  });

  it('refuses a body that mixes UTF-8 and Windows-1252', () => {
    const mixed = Buffer.concat([file('Solicitud de Jaén', 'x', 'utf8').subarray(0, -3), Buffer.from('Muñoz\r\n', 'latin1')]);
    expect(codeOf(mixed)).toBe('INTAKE_INVALID_ENCODING');
  });

  it('refuses invalid UTF-8 under charset=utf-8 instead of replacing it', () => {
    expect(codeOf(cp1252, 'utf-8')).toBe('INTAKE_INVALID_ENCODING');
  });

  it('refuses a charset it does not read', () => {
    expect(codeOf(file('Prueba', 'x', 'utf8'), 'utf-16le')).toBe('INTAKE_INVALID_ENCODING');
  });
});
