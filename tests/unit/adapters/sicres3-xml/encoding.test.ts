import pino from 'pino';
import type { PasarelaError } from '../../../../src/core/errors';
import type { DecodedMessage, IntakeMeta } from '../../../../src/core/plugin';
import type { RegistryEntry } from '../../../../src/core/registry-entry';
import { sicres3Xml } from '../../../../adapters/sicres3-xml';
import { sampleFichero } from '../../sir/fichero-sample';
import { codeOfSync } from '../../../helpers/errors';

const META: IntakeMeta = { tenant: 'L02000023', contentType: 'application/xml', mediaType: 'application/xml', system: 'registro', batch: false };
const logger = pino({ enabled: false });

const decode = (raw: Buffer, charset?: string): DecodedMessage[] => sicres3Xml.decode(raw, { ...META, charset }, { config: {}, logger });
const summaryOf = (raw: Buffer, charset?: string): string => (decode(raw, charset)[0].payload as RegistryEntry).subject.summary;

const codeOf = (raw: Buffer, charset?: string): string => codeOfSync(() => decode(raw, charset));

/** The sample fichero with 'Jaén' in its summary and the given declaration (none when undefined). */
function jaen(encoding: string | undefined): string {
  const xml = sampleFichero().replace('Solicitud de prueba', 'Solicitud de Jaén');
  const declaration = encoding === undefined ? '' : `<?xml version="1.0" encoding="${encoding}"?>`;
  return xml.replace('<?xml version="1.0" encoding="UTF-8"?>', declaration);
}

const latin1 = (text: string) => Buffer.from(text, 'latin1');
const utf8 = (text: string) => Buffer.from(text, 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('sicres3-xml encodings', () => {
  it('reads a fichero declared ISO-8859-1 with Jaén written in Latin-1', () => {
    expect(summaryOf(latin1(jaen('ISO-8859-1')))).toBe('Solicitud de Jaén');
    expect(summaryOf(latin1(jaen('windows-1252')))).toBe('Solicitud de Jaén');
  });

  it('accepts a Content-Type charset that names the declared encoding, by any of its labels', () => {
    expect(summaryOf(latin1(jaen('ISO-8859-1')), 'iso-8859-1')).toBe('Solicitud de Jaén');
    expect(summaryOf(latin1(jaen('ISO-8859-1')), 'windows-1252')).toBe('Solicitud de Jaén');
    expect(summaryOf(utf8(jaen('UTF-8')), 'utf-8')).toBe('Solicitud de Jaén');
  });

  it('refuses a Content-Type charset that disagrees with the XML declaration', () => {
    expect(codeOf(utf8(jaen('UTF-8')), 'windows-1252')).toBe('INTAKE_INVALID_ENCODING');
    expect(codeOf(latin1(jaen('ISO-8859-1')), 'utf-8')).toBe('INTAKE_INVALID_ENCODING');
  });

  it('refuses a Content-Type charset that disagrees with a UTF-8 byte order mark, and a BOM that contradicts the declaration', () => {
    expect(codeOf(Buffer.concat([BOM, utf8(jaen(undefined))]), 'iso-8859-1')).toBe('INTAKE_INVALID_ENCODING');
    expect(codeOf(Buffer.concat([BOM, utf8(jaen('ISO-8859-1'))]))).toBe('INTAKE_INVALID_ENCODING');
  });

  it('honours a UTF-8 byte order mark', () => {
    expect(summaryOf(Buffer.concat([BOM, utf8(jaen('UTF-8'))]))).toBe('Solicitud de Jaén');
    expect(summaryOf(Buffer.concat([BOM, utf8(jaen(undefined))]), 'utf-8')).toBe('Solicitud de Jaén');
  });

  it('reads UTF-8 when the document declares nothing, and the charset when only the Content-Type names one', () => {
    expect(summaryOf(utf8(jaen(undefined)))).toBe('Solicitud de Jaén');
    expect(summaryOf(latin1(jaen(undefined)), 'windows-1252')).toBe('Solicitud de Jaén');
  });

  it('refuses invalid UTF-8 instead of replacing it with U+FFFD', () => {
    expect(codeOf(latin1(jaen('UTF-8')))).toBe('INTAKE_INVALID_ENCODING');
    expect(codeOf(latin1(jaen(undefined)))).toBe('INTAKE_INVALID_ENCODING');
    const lone = Buffer.concat([utf8(jaen('UTF-8').split('Jaén')[0]), Buffer.from([0xed, 0xa0, 0x80]), utf8(jaen('UTF-8').split('Jaén')[1])]);
    expect(codeOf(lone)).toBe('INTAKE_INVALID_ENCODING');
  });

  it('refuses UTF-16 and encodings it does not read, in the declaration or the charset', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jaen('UTF-16'), 'utf16le')]);
    expect(codeOf(utf16)).toBe('INTAKE_INVALID_ENCODING');
    expect(codeOf(utf8(jaen('Shift_JIS')))).toBe('INTAKE_INVALID_ENCODING');
    expect(codeOf(utf8(jaen('UTF-8')), 'koi8-r')).toBe('INTAKE_INVALID_ENCODING');
  });

  it('reads a US-ASCII declaration with any charset when the bytes are 7-bit, and refuses it otherwise', () => {
    const ascii = utf8(jaen('US-ASCII').replace('Jaén', 'Jaen'));
    expect(summaryOf(ascii, 'utf-8')).toBe('Solicitud de Jaen');
    expect(summaryOf(ascii, 'windows-1252')).toBe('Solicitud de Jaen');
    expect(codeOf(latin1(jaen('US-ASCII')))).toBe('INTAKE_INVALID_ENCODING');
  });

  it('reads character references to non-ASCII characters whatever the encoding', () => {
    const xml = jaen('US-ASCII').replace('Jaén', 'Ja&#xE9;n');
    expect(summaryOf(utf8(xml))).toBe('Solicitud de Jaén');
  });

  it('keeps the decoding error a catalog error with a message that does not quote the body', () => {
    let error: PasarelaError | undefined;
    try {
      decode(latin1(jaen('UTF-8')));
    } catch (e) {
      error = e as PasarelaError;
    }
    expect(error?.message).toMatch(/not valid UTF-8 \(first bad byte at offset \d+\)/);
    expect(error?.message).not.toMatch(/Jaén|Solicitud/);
  });
});
