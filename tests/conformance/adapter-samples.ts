import { createEnvelope } from '../../src/core/envelope';
import type { RegistryEntry } from '../../src/core/registry-entry';
import { registryEntryToSicres3 } from '../../transforms/registry-entry-to-sicres3';
import { exampleEntry } from '../helpers/entries';

/**
 * One valid input per adapter, keyed by adapter name, for the conformance suites
 * (adapters.test.ts, adapters.property.test.ts). Every adapter in `adapters/index.ts` must have
 * one: the suites fail naming an adapter without a sample. Each is built from the published
 * example entry (schemas/canonical/examples/registry-entry.json), so they all describe the same
 * registry entry in their own format.
 */
export interface AdapterSample {
  /** The Content-Type it is posted with, parameters included. */
  contentType: string;
  /** True when it is posted to the batch endpoint. */
  batch: boolean;
  /** Its syntax, which picks the syntax-aware garbage and the JSON properties. */
  syntax: 'json' | 'xml' | 'csv';
  body: Buffer;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

/** The example entry as a `simple-entry` web form (its first interested party as the applicant). */
export function simpleEntryForm(entry: RegistryEntry = exampleEntry()): Record<string, unknown> {
  const p = entry.interested[0].interested;
  return {
    office: entry.origin.office, registryNumber: entry.origin.registryNumber, registryDate: entry.origin.registryDate,
    destinationOffice: entry.destination.office, destinationUnit: entry.destination.unit,
    summary: entry.subject.summary, expone: entry.form.expone, solicita: entry.form.solicita,
    applicant: {
      documentType: p.documentType, documentNumber: p.documentNumber, name: p.name,
      firstSurname: p.firstSurname, secondSurname: p.secondSurname, email: p.email,
    },
  };
}

/** The example entry as the SICRES 3 fichero pasarela's own transform writes (with an exchange id). */
export function sicres3Fichero(entry: RegistryEntry = exampleEntry()): string {
  entry.control.exchangeId = 'O00009001_26_00000001';
  const envelope = createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: 'L02000023', source: { system: 'conformance', adapter: 'none' }, payload: entry });
  return registryEntryToSicres3.apply(envelope).xml;
}

/**
 * The example entry as a registry book CSV: a header of dotted canonical paths and one data row.
 * The first interested party's fields are `interested.<field>`, its representative's
 * `representative.<field>`, its remarks `interested.remarks`; annexes have no column.
 */
export function registroCsv(entry: RegistryEntry = exampleEntry()): string {
  const { interested: [party], annexes: _annexes, ...rest } = entry;
  const cells: Array<[string, unknown]> = [
    ...flatten(rest, ''),
    ...flatten(party.interested, 'interested.'),
    ...flatten(party.representative ?? {}, 'representative.'),
    ...(party.remarks === undefined ? [] : [['interested.remarks', party.remarks] as [string, unknown]]),
  ];
  const line = (values: unknown[]) => values.map((v) => csvCell(String(v))).join(';');
  return `${line(cells.map(([k]) => k))}\r\n${line(cells.map(([, v]) => v))}\r\n`;
}

function flatten(value: object, prefix: string): Array<[string, unknown]> {
  return Object.entries(value).flatMap(([k, v]): Array<[string, unknown]> =>
    typeof v === 'object' && v !== null ? flatten(v, `${prefix}${k}.`) : [[`${prefix}${k}`, v]]);
}

function csvCell(v: string): string {
  return /[;"\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export const ADAPTER_SAMPLES: Readonly<Record<string, AdapterSample>> = {
  'canonical-json': { contentType: 'application/json', batch: false, syntax: 'json', body: utf8(JSON.stringify(exampleEntry())) },
  'simple-entry': { contentType: 'application/vnd.pasarela.simple-entry+json', batch: false, syntax: 'json', body: utf8(JSON.stringify(simpleEntryForm())) },
  'sicres3-xml': { contentType: 'application/xml; charset=utf-8', batch: false, syntax: 'xml', body: utf8(sicres3Fichero()) },
  'registro-csv': { contentType: 'text/csv; charset=utf-8', batch: true, syntax: 'csv', body: utf8(registroCsv()) },
};

/** The sample of an adapter; throws, naming it, when it has none. */
export function sampleFor(name: string): AdapterSample {
  if (!Object.hasOwn(ADAPTER_SAMPLES, name)) {
    throw new Error(`The adapter "${name}" has no conformance sample: add one to tests/conformance/adapter-samples.ts`);
  }
  return ADAPTER_SAMPLES[name];
}
