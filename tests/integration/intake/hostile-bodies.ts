import { createEnvelope } from '../../../src/core/envelope';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { exampleEntry } from '../../helpers/entries';

/** Bodies for the hostile-input suite: each a request intake must refuse with one stable code. */
export interface HostileCase {
  name: string;
  contentType: string;
  body: Buffer;
  status: number;
  code: string;
  /** For validation failures: a pointer one of the errors must carry. */
  pointer?: string;
  path?: string;
}

const json = (v: unknown) => Buffer.from(typeof v === 'string' ? v : JSON.stringify(v), 'utf8');

/** A well-formed fichero of the example entry (what a municipality's software would post). */
export function exampleFichero(change: (e: ReturnType<typeof exampleEntry>) => void = () => undefined): string {
  const entry = exampleEntry();
  entry.control.exchangeId = 'O00009001_25_00001234';
  change(entry);
  return registryEntryToSicres3.apply(createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: 'L02000023', source: { system: 't', adapter: 't' }, payload: entry })).xml;
}

function entryWith(change: (e: any) => void): Buffer {
  const e = exampleEntry() as any;
  change(e);
  return json(e);
}

const ROOT = '<Fichero_Intercambio_SICRES_3>';
const withDoctype = (doctype: string) => Buffer.from(exampleFichero().replace(ROOT, `${doctype}\n${ROOT}`), 'utf8');

export const JSON_CASES: HostileCase[] = [
  { name: 'malformed JSON', contentType: 'application/json', body: json('{"origin": {'), status: 400, code: 'INTAKE_INVALID_JSON' },
  { name: 'JSON nested 10,000 deep', contentType: 'application/json', body: json('['.repeat(10_000) + ']'.repeat(10_000)), status: 400, code: 'INTAKE_TOO_DEEP' },
  { name: 'a prototype-pollution key', contentType: 'application/json', body: json('{"__proto__": {"x": 1}}'), status: 400, code: 'INTAKE_INVALID_JSON' },
  { name: 'invalid UTF-8 in JSON', contentType: 'application/json', body: Buffer.concat([json('{"subject": "Ja'), Buffer.from([0xe9]), json('n"}')]), status: 400, code: 'INTAKE_INVALID_ENCODING' },
  { name: 'annex content that is not base64', contentType: 'application/json', body: entryWith((e) => { e.annexes[0].content = '%%%not base64%%%'; }), status: 400, code: 'INTAKE_VALIDATION_FAILED', pointer: '/annexes/0/content' },
  { name: 'an annex whose hash does not match', contentType: 'application/json', body: entryWith((e) => { e.annexes[0].sha256 = '0'.repeat(64); }), status: 400, code: 'INTAKE_VALIDATION_FAILED', pointer: '/annexes/0/sha256' },
  { name: 'a NIF with a wrong check letter', contentType: 'application/json', body: entryWith((e) => { e.interested[0].interested.documentNumber = '99000001X'; }), status: 400, code: 'INTAKE_VALIDATION_FAILED', pointer: '/interested/0/interested/documentNumber' },
  { name: 'a NIE with a wrong check letter', contentType: 'application/json', body: entryWith((e) => { e.interested[0].representative.documentNumber = 'Y9000002A'; }), status: 400, code: 'INTAKE_VALIDATION_FAILED', pointer: '/interested/0/representative/documentNumber' },
  { name: 'a CIF with a wrong control character', contentType: 'application/json', body: entryWith((e) => { e.interested[0].interested = { documentType: 'CIF', documentNumber: 'B12345670', companyName: 'Ejemplo SL', country: '724', address: 'Calle 1', postalCode: '23001', preferredChannel: 'postal' }; }), status: 400, code: 'INTAKE_VALIDATION_FAILED', pointer: '/interested/0/interested/documentNumber' },
  { name: 'an unknown field', contentType: 'application/json', body: entryWith((e) => { e.subject.colour = 'blue'; }), status: 400, code: 'INTAKE_VALIDATION_FAILED', pointer: '/subject' },
  { name: 'a date that does not exist', contentType: 'application/json', body: entryWith((e) => { e.origin.registryDate = '2026-02-30T10:15:30+01:00'; }), status: 400, code: 'INTAKE_VALIDATION_FAILED', pointer: '/origin/registryDate' },
  { name: 'a content type no adapter accepts', contentType: 'application/x-msdownload', body: json('MZ'), status: 415, code: 'INTAKE_UNSUPPORTED_MEDIA_TYPE' },
  { name: 'an unknown ?format=', contentType: 'application/json', body: entryWith(() => undefined), status: 415, code: 'INTAKE_UNKNOWN_FORMAT', path: '/v1/registry-entries?format=cobol' },
];

const LAUGHS = '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>';

export const XML_CASES: HostileCase[] = [
  { name: 'XML with a DOCTYPE', contentType: 'application/xml', body: withDoctype('<!DOCTYPE Fichero_Intercambio_SICRES_3>'), status: 400, code: 'INTAKE_XML_FORBIDDEN' },
  { name: 'XML with an external entity', contentType: 'application/xml', body: withDoctype('<!DOCTYPE f [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'), status: 400, code: 'INTAKE_XML_FORBIDDEN' },
  { name: 'XML entity expansion (billion laughs)', contentType: 'application/xml', body: withDoctype(LAUGHS), status: 400, code: 'INTAKE_XML_FORBIDDEN' },
  { name: 'XML nested 10,000 deep', contentType: 'application/xml', body: Buffer.from(`${ROOT}${'<a>'.repeat(10_000)}${'</a>'.repeat(10_000)}</Fichero_Intercambio_SICRES_3>`), status: 400, code: 'INTAKE_TOO_DEEP' },
  { name: 'XML that is not well-formed', contentType: 'text/xml', body: Buffer.from(exampleFichero().slice(0, 400)), status: 400, code: 'INTAKE_XML_MALFORMED' },
  { name: 'XML declared UTF-8 holding Latin-1 bytes', contentType: 'application/xml', body: Buffer.from(exampleFichero().replace('Solicitud genérica', 'Solicitud gen\u00e9rica'), 'latin1'), status: 400, code: 'INTAKE_INVALID_ENCODING' },
];
