import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { altaRemesaEnviosXml } from '../../src/connectors/notifica/alta-remesa-xml';
import { createEnvelope } from '../../src/core/envelope';
import type { Notification, PostalAddress, Recipient } from '../../src/core/notification';
import { projectPath } from '../../src/core/paths';
import { createSchemaRegistry } from '../../src/core/schemas';
import { checkNotification } from '../../src/core/check-notification';
import { notificationToNotifica } from '../../transforms/notification-to-notifica';
import { xmllint } from '../helpers/xmllint';

/**
 * What pasarela writes for altaRemesaEnvios, checked by xmllint against the official XSD
 * (shared/specs/notifica, GovernIB/notib's copy, read in place and never copied). Every variant is
 * first a valid canonical notification (schema and semantic checks), then transform + writer.
 *
 * The XSD declares most entregaPostal fields with `xs:length` (an exact length: codigoPostal 10,
 * tipoVia 5, poblacion 30...). notib sends shorter values and Notific@ takes them
 * (reference/notifica-carpeta.md §2.1, "Schema quirk"), so pasarela writes them as they are and
 * never pads. A realistic postal address therefore fails the official XSD on those facets and only
 * on them: the test proves that against the official file, then validates the same XML against a
 * copy, derived in a temporary folder, whose EntregaPostal reads each `length` as `maxLength`.
 * One variant fills every such field to its exact length and passes the official XSD unchanged.
 */

const ALTA_XSD = path.resolve(__dirname, '../../../shared/specs/notifica/NotificaWsV21/altaRemesaEnvios.xsd');
const NOW = new Date('2026-06-01T08:00:00Z');
const registry = createSchemaRegistry();

/** EntregaPostal children the XSD gives an exact `xs:length`. */
const LENGTH_FACETED = ['tipoVia', 'nombreVia', 'numeroCasa', 'puntoKilometrico', 'portal', 'puerta', 'escalera', 'planta', 'bloque',
  'complemento', 'codigoPostal', 'apartadoCorreos', 'poblacion'];

let dir: string;
let relaxedXsd: string;

beforeAll(() => {
  if (!existsSync(ALTA_XSD)) throw new Error(`The official XSD is missing at ${ALTA_XSD}: clone shared/ next to the project`);
  dir = mkdtempSync(path.join(tmpdir(), 'notifica-xsd-'));
  relaxedXsd = path.join(dir, 'altaRemesaEnvios.maxlength.xsd');
  writeFileSync(relaxedXsd, relaxEntregaPostal(readFileSync(ALTA_XSD, 'utf8')), 'utf8');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The official XSD with `length` read as `maxLength` inside EntregaPostal only. */
function relaxEntregaPostal(xsd: string): string {
  const start = xsd.indexOf('<complexType name="EntregaPostal">');
  const end = xsd.indexOf('</complexType>', start);
  if (start < 0 || end < 0) throw new Error('EntregaPostal not found in the official XSD');
  const block = xsd.slice(start, end);
  const relaxed = block.replace(/<length value=/g, '<maxLength value=');
  // Exactly the thirteen facets listed above; anything else means the XSD changed under us.
  expect(block.match(/<length value=/g)).toHaveLength(LENGTH_FACETED.length);
  return xsd.slice(0, start) + relaxed + xsd.slice(end);
}

function exampleNotification(): Notification {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'notification.json'), 'utf8')) as Notification;
}

/** A valid canonical notification -> the altaRemesaEnvios element pasarela would send. */
function xmlFor(n: Notification): string {
  expect(registry.validatePayload('notification', 1, n)).toEqual([]);
  expect(checkNotification(n, NOW)).toEqual([]);
  const envelope = {
    ...createEnvelope({ type: 'notification', schemaVersion: 1, tenant: 'L02000023', source: { system: 't', adapter: 'canonical-json' }, payload: n }),
    receivedAt: NOW.toISOString(),
  };
  const remesa = notificationToNotifica.apply(envelope);
  return altaRemesaEnviosXml(remesa, remesa.envios.map((_, i) => `0199c1b27c3e7a10-${String(i).padStart(3, '0')}`));
}

function expectValid(xml: string, xsd = ALTA_XSD): void {
  const r = xmllint(xml, xsd);
  expect(r.output).toContain('validates');
  expect(r.status).toBe(0);
}

/** xmllint's complaints as [element, what]; every line names the element it is about. */
function complaints(output: string): Array<[string, string]> {
  return output.split('\n').filter((l) => l.includes('Schemas validity error')).map((l) => {
    const m = /Element '\{[^}]+\}([A-Za-z]+)': (.*)$/.exec(l);
    if (!m) throw new Error(`unexpected xmllint line: ${l}`);
    return [m[1], m[2]];
  });
}

/** Fails the official XSD only on EntregaPostal `xs:length` facets, and passes with them read as maxLength. */
function expectOnlyLengthFacetsRefused(xml: string): void {
  const r = xmllint(xml, ALTA_XSD);
  expect(r.status).not.toBe(0);
  const found = complaints(r.output);
  expect(found.length).toBeGreaterThan(0);
  for (const [element, what] of found) {
    expect(LENGTH_FACETED).toContain(element);
    expect(what).toMatch(/^\[facet 'length'\] The value has a length of '\d+'; this differs from the allowed length of '\d+'\.$|is not a valid value of the local atomic type\.$/);
  }
  expectValid(xml, relaxedXsd);
}

function withoutPostal(n: Notification): Notification {
  for (const r of n.recipients) delete r.postalAddress;
  return n;
}

function withAddress(address: PostalAddress): Notification {
  const n = exampleNotification();
  n.recipients[1].postalAddress = address;
  return n;
}

const person = (i: number): Recipient => {
  const number = String(99000100 + i);
  return {
    holder: {
      documentType: 'NIF', documentNumber: number + 'TRWAGMYFPDXBNJZSQVHLCKE'.charAt(Number(number) % 23),
      name: 'Persona', firstSurname: `Ejemplo ${i}`, email: `p${i}@example.org`,
    },
    electronicMailbox: { mandatory: false },
  };
};

describe('altaRemesaEnvios against the official XSD', () => {
  it('has the official XSD at hand and the validator really validates', () => {
    const xml = xmlFor(withoutPostal(exampleNotification()));
    const r = xmllint(xml.replace('<not:tipoEnvio>2</not:tipoEnvio>', '<not:tipoEnvio>3</not:tipoEnvio>'), ALTA_XSD);
    expect(r.status).not.toBe(0);
    expect(complaints(r.output).map((c) => c[0])).toEqual(['tipoEnvio']);
  });

  it('validates the published example without its postal address', () => {
    expectValid(xmlFor(withoutPostal(exampleNotification())));
  });

  it('validates the published example except for the postal xs:length facets', () => {
    const xml = xmlFor(exampleNotification());
    expectOnlyLengthFacetsRefused(xml);
    const complained = complaints(xmllint(xml, ALTA_XSD).output).map((c) => c[0]);
    expect([...new Set(complained)].sort()).toEqual(['codigoPostal', 'nombreVia', 'numeroCasa', 'planta', 'poblacion', 'puerta', 'tipoVia']);
  });

  it('validates a communication to an administration', () => {
    const n = withoutPostal(exampleNotification());
    n.kind = 'communication';
    n.recipients = [{ holder: { dir3Code: 'L01230503', companyName: 'Ayuntamiento de ejemplo', email: 'registro@ayto.example' } }];
    const xml = xmlFor(n);
    expect(xml).toContain('<not:tipoEnvio>1</not:tipoEnvio>');
    expectValid(xml);
  });

  it('validates a scheduled notification with every optional remesa field and hostile characters', () => {
    const n = withoutPostal(exampleNotification());
    Object.assign(n, { scheduledFor: '2026-06-05', description: 'Texto con <marcas> & "comillas" y \'apóstrofos\' ]]>' });
    n.document.normalized = true;
    n.recipients[1].holder.companyName = 'Construcciones <Ficticias> & Hijos "S.L."';
    n.recipients[1].electronicMailbox = { mandatory: true };
    const xml = xmlFor(n);
    expect(xml).toContain('<not:fechaEnvioProgramado>2026-06-05</not:fechaEnvioProgramado>');
    expectValid(xml);
  });

  it('validates 100 envíos, the most one remesa carries', () => {
    const n = exampleNotification();
    n.recipients = Array.from({ length: 100 }, (_, i) => person(i));
    const xml = xmlFor(n);
    expect(xml.match(/<not:envio>/g)).toHaveLength(100);
    expectValid(xml);
  });

  it('validates a postal address that fills every xs:length field to its exact length', () => {
    const exact = withAddress({
      kind: 'foreign', streetType: 'RUE00', streetName: 'N'.repeat(50), number: '12345', portal: 'P01', block: 'B01', stair: 'E01',
      floor: '003', door: 'D01', complement: 'C'.repeat(40), postalCode: '7500112345', poBox: '0000012345', country: 'FR', town: 'T'.repeat(30),
    });
    expectValid(xmlFor(exact));
  });

  it.each<[string, PostalAddress]>([
    ['national', {
      kind: 'national', streetType: 'AV', streetName: 'de Madrid', number: '1', portal: '2', block: 'A', stair: 'IZ', floor: 'BJ', door: '1',
      complement: 'Edificio de ejemplo', postalCode: '23003', municipalityCode: '230503', provinceCode: '23', town: 'Jaén',
    }],
    ['foreign', { kind: 'foreign', streetName: 'Rue de l\'Exemple', number: '7', postalCode: '75001', country: 'FR', town: 'Paris' }],
    ['poBox', { kind: 'poBox', poBox: '1234', postalCode: '23080', municipalityCode: '230503', provinceCode: '23', town: 'Jaén' }],
    ['unstructured', { kind: 'unstructured', postalCode: '23700', line1: 'Cortijo El Ejemplo, camino viejo', line2: '23700 Linares (Jaén)' }],
  ])('validates a %s postal address once xs:length is read as a maximum', (_kind, address) => {
    expectOnlyLengthFacetsRefused(xmlFor(withAddress(address)));
  });
});
