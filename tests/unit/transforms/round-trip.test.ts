import { createHash, randomBytes } from 'node:crypto';
import type { RegistryEntry } from '../../../src/core/registry-entry';
import { parseFichero } from '../../../src/sir/parse-fichero';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { ficheroToRegistryEntry } from '../../../transforms/sicres3-to-registry-entry';
import { annexOf, envelopeOf, minimalEntry, richEntry } from '../../fixtures/sir/registry-entries';
import { exampleEntry } from '../../helpers/entries';

/**
 * canonical entry -> registryEntryToSicres3 -> XML -> parseFichero -> ficheroToRegistryEntry
 * -> the same canonical entry. What SICRES 3.0 cannot carry is normalised by `expected` below,
 * one documented rule each; everything else, annex bytes and digests included, must come back
 * exactly.
 */

function roundTrip(entry: RegistryEntry) {
  const { xml } = registryEntryToSicres3.apply(envelopeOf(entry));
  const parsed = parseFichero(xml);
  expect(parsed.structure).toEqual([]);
  return ficheroToRegistryEntry(parsed);
}

/** The canonical entry as SICRES can return it. */
function expected(original: RegistryEntry): RegistryEntry {
  const e = structuredClone(original);
  // 1. Fecha_Hora_Entrada is yyyyMMddHHmmss Madrid wall-clock time: the instant survives to the
  //    second, but the offset comes back as Madrid's (+01:00/+02:00) and sub-seconds are lost.
  e.origin.registryDate = madridSpelling(original.origin.registryDate);
  // 2. Tipo_MIME has maxLength 20: longer types (OOXML) are omitted by the outbound transform.
  for (const a of e.annexes) if (a.mimeType !== undefined && a.mimeType.length > 20) delete a.mimeType;
  // 3. The outbound transform writes Descripcion_Tipo_Anotacion 'Envío' when none is given.
  e.control.annotationDescription ??= 'Envío';
  return e;
}

/** Same instant, truncated to the second, spelled with Madrid's offset of that instant. */
function madridSpelling(iso: string): string {
  const ms = Math.floor(Date.parse(iso) / 1000) * 1000;
  const wall = new Intl.DateTimeFormat('sv-SE', {
    timeZone: 'Europe/Madrid', year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).format(ms);
  const offsetMin = (Date.parse(`${wall.replace(' ', 'T')}Z`) - ms) / 60000;
  return `${wall.replace(' ', 'T')}+0${offsetMin / 60}:00`;
}

/** Awkward but valid values: CRLF, astral characters, markup, edge whitespace, binary annexes. */
function awkwardEntry(): RegistryEntry {
  const e = richEntry('O00012345_24_00000003');
  e.origin.registryDate = '2024-11-05T03:45:10.250-05:00';
  e.form = { expone: 'Línea 1\r\nLínea 2\r\n\ttabulada ]]> <![CDATA[x]]> &amp; 😀', solicita: '  espacios  ' };
  e.subject.summary = '<Resumen/> & "comillas" \'simples\' 🙂';
  e.interested.push({ interested: { companyName: 'Ayuntamiento', documentType: 'ORIGIN_CODE', documentNumber: 'L01230001' } });
  const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  e.annexes = [
    annexOf('binario.pdf', bytes, { signsFile: 'binario.pdf', validity: 'certified-copy', documentType: 'form' }),
    annexOf('grande.pdf', randomBytes(1024 * 1024), { mimeType: 'application/pdf', remarks: 'Un mega' }),
  ];
  return e;
}

describe('SICRES 3.0 round trip', () => {
  it.each([
    ['the published example entry', () => ({ ...exampleEntry(), control: { ...exampleEntry().control, exchangeId: 'O00009001_26_00000001' } })],
    ['the minimal entry', () => minimalEntry()],
    ['the rich entry with a detached signature', () => richEntry()],
    ['an entry with CRLF, astral characters, markup, binary and large annexes', () => awkwardEntry()],
  ])('returns %s unchanged but for what SICRES cannot carry', (_, make) => {
    const original = make();
    const { entry, problems } = roundTrip(original);
    expect(problems).toEqual([]);
    expect(entry).toStrictEqual(expected(original));
  });

  it('returns annex content byte for byte with its SHA-256', () => {
    const original = awkwardEntry();
    const { entry } = roundTrip(original);
    entry.annexes.forEach((a, i) => {
      expect(a.content).toBe(original.annexes[i].content);
      expect(a.sha256).toBe(createHash('sha256').update(Buffer.from(a.content, 'base64')).digest('hex'));
      expect(a.sha256).toBe(original.annexes[i].sha256);
    });
  });

  it('keeps CRLF line breaks, which travel as &#13; because XML parsers turn a raw CR into LF', () => {
    const e = minimalEntry();
    e.form = { expone: 'Uno\r\nDos', solicita: 'Tres\r' };
    expect(registryEntryToSicres3.apply(envelopeOf(e)).xml).toContain('<Expone>Uno&#13;\nDos</Expone>');
    expect(roundTrip(e).entry.form).toStrictEqual({ expone: 'Uno\r\nDos', solicita: 'Tres\r' });
  });

  it('returns the registry date as the same instant to the second, spelled with the Madrid offset', () => {
    const e = minimalEntry();
    e.origin.registryDate = '2024-07-15T08:00:00.999Z';
    const back = roundTrip(e).entry.origin.registryDate;
    expect(back).toBe('2024-07-15T10:00:00+02:00');
    expect(Date.parse(back)).toBe(Date.parse('2024-07-15T08:00:00Z'));
  });

  it('returns an instant in the second pass of the repeated autumn hour one hour early', () => {
    // 00:30Z and 01:30Z on 2024-10-27 are both 02:30 in Madrid; SICRES has no offset to tell.
    const e = minimalEntry();
    e.origin.registryDate = '2024-10-27T01:30:00Z';
    expect(roundTrip(e).entry.origin.registryDate).toBe('2024-10-27T02:30:00+02:00');
  });

  it('drops a MIME type longer than SICRES allows and fills a missing annotation description', () => {
    const { entry } = roundTrip(richEntry());
    expect(entry.annexes[1].mimeType).toBeUndefined();
    expect(roundTrip(minimalEntry()).entry.control.annotationDescription).toBe('Envío');
  });

  it('returns optional empty strings as absent, since SICRES writes nothing for them', () => {
    const e = richEntry();
    e.origin.officeName = '';
    e.control.userName = '';
    e.interested[0].interested.secondSurname = '';
    e.annexes[0].remarks = '';
    const { entry } = roundTrip(e);
    expect(entry.origin.officeName).toBeUndefined();
    expect(entry.control.userName).toBeUndefined();
    expect(entry.interested[0].interested.secondSurname).toBeUndefined();
    expect(entry.annexes[0].remarks).toBeUndefined();
  });
});
