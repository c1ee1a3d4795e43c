import { COLUMNS } from '../../../adapters/registro-csv/columns';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { createEnvelope } from '../../core/envelope';
import type { RegistryEntry } from '../../core/registry-entry';

/**
 * The demo posts its entries the ways municipal systems do (docs/intake.md): as canonical JSON,
 * as the SICRES 3 fichero their registry software writes, and as a registry book CSV export.
 */
export interface DemoRequest {
  format: 'canonical-json' | 'sicres3-xml' | 'registro-csv';
  path: string;
  contentType: string;
  body: string;
}

const FORMATS: DemoRequest['format'][] = ['canonical-json', 'sicres3-xml', 'registro-csv'];

export function demoRequest(entry: RegistryEntry, i: number): DemoRequest {
  const format = FORMATS[i % FORMATS.length];
  if (format === 'sicres3-xml') return { format, path: '/v1/registry-entries', contentType: 'application/xml; charset=utf-8', body: asFichero(entry) };
  if (format === 'registro-csv') return { format, path: '/v1/registry-entries/batch', contentType: 'text/csv; charset=utf-8', body: asCsv(entry) };
  return { format, path: '/v1/registry-entries', contentType: 'application/json', body: JSON.stringify(entry) };
}

/** The fichero a municipality's software would write; its own exchange id is replaced at intake. */
function asFichero(entry: RegistryEntry): string {
  const own = structuredClone(entry);
  own.control.exchangeId = `${entry.origin.office}_25_00000001`;
  const envelope = createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: 'L00000000', source: { system: 'demo', adapter: 'demo' }, payload: own });
  return registryEntryToSicres3.apply(envelope).xml;
}

/** A one-row registry book: every column the entry fills (CSV carries no annexes). */
function asCsv(entry: RegistryEntry): string {
  const party = entry.interested[0];
  const value = (name: string): string | undefined => {
    const [head, field] = name.split('.');
    if (head === 'interested') return field === 'remarks' ? party.remarks : (party.interested as Record<string, string | undefined>)[field];
    if (head === 'representative') return (party.representative as Record<string, string | undefined> | undefined)?.[field];
    const v = (entry as unknown as Record<string, Record<string, unknown>>)[head]?.[field];
    return v === undefined ? undefined : String(v);
  };
  const columns = COLUMNS.filter((c) => value(c.name) !== undefined);
  const quote = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [columns.map((c) => c.name).join(';'), columns.map((c) => quote(value(c.name)!)).join(';')].join('\r\n') + '\r\n';
}
