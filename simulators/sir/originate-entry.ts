import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Errors, isPasarelaError, PasarelaError } from '../../src/core/errors';
import { projectPath } from '../../src/core/paths';
import type { Annex, RegistryEntry } from '../../src/core/registry-entry';
import { isDir3Code } from '../../src/core/validators/dir3';
import { toSicresXml } from '../../transforms/registry-entry-to-sicres3';
import { madridStamp } from '../../transforms/sicres3/dates';

/**
 * What `sim.originate()` / `POST /_sim/originate` send to pasarela's WS_SIR8_B: either an ENVÍO
 * built from a few fields over the published example entry
 * (schemas/canonical/examples/registry-entry.json), or a given fichero sent as is. Checking is
 * strict (unknown fields refused, as for the faults) and throws `SIM_BAD_REQUEST`.
 */

export interface OriginateOptions {
  /** DIR3 code of the municipality's registry office the entry is addressed to. Required unless `xml` is given. */
  destinationOffice?: string;
  /** DIR3 code of its unit. */
  destinationUnit?: string;
  /** @defaultValue {@link DEFAULT_ORIGIN_OFFICE} */
  originOffice?: string;
  /** `Resumen` (markers are not acted on here: pasarela is the receiver). @defaultValue the example's */
  summary?: string;
  /** How many small text annexes. @defaultValue 1 */
  annexes?: number;
  /** `Indicador_Prueba`. @defaultValue true */
  test?: boolean;
  /** Send this fichero text as is instead (duplicates, bad ficheros); no other field may be given. */
  xml?: string;
}

export const DEFAULT_ORIGIN_OFFICE = 'O00012345';
/** More than pasarela takes by default (5), so the annex limit itself can be tested. */
export const MAX_ORIGINATE_ANNEXES = 20;
const KNOWN_FIELDS: ReadonlySet<string> = new Set(['destinationOffice', 'destinationUnit', 'originOffice', 'summary', 'annexes', 'test', 'xml']);

/** Sequence numbers are 8 digits (`Identificador_Intercambio`, reference §9). */
export const MAX_SEQUENCE = 99_999_999;

function bad(detail: string): PasarelaError {
  return new PasarelaError(Errors.SIM_BAD_REQUEST, `The entry to originate is not valid: ${detail}`, { details: { component: 'sir-simulator' } });
}

const text = (o: Record<string, unknown>, k: string): string | undefined => {
  if (o[k] === undefined) return undefined;
  if (typeof o[k] !== 'string') throw bad(`${k} must be a string`);
  return o[k] as string;
};

function dir3(o: Record<string, unknown>, k: string): string | undefined {
  const v = text(o, k);
  if (v !== undefined && !isDir3Code(v)) throw bad(`${k} must be a DIR3 code`);
  return v;
}

/** Validate untrusted options (a parsed JSON body or a test's object); returns them typed. */
export function checkOriginate(input: unknown): OriginateOptions {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) throw bad('the request must be a JSON object');
  const o = input as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown !== undefined) throw bad(`unknown field ${JSON.stringify(unknown.slice(0, 40))}`);
  const xml = text(o, 'xml');
  if (xml !== undefined) {
    if (Object.keys(o).some((k) => k !== 'xml' && o[k] !== undefined)) throw bad('xml is sent as is and takes no other field');
    if (xml.trim() === '') throw bad('xml is empty');
    return { xml };
  }
  const destinationOffice = dir3(o, 'destinationOffice');
  if (destinationOffice === undefined) throw bad('destinationOffice is required');
  const summary = text(o, 'summary');
  if (summary !== undefined && summary.trim() === '') throw bad('summary must not be empty');
  if (o.annexes !== undefined && (!Number.isInteger(o.annexes) || (o.annexes as number) < 0 || (o.annexes as number) > MAX_ORIGINATE_ANNEXES)) {
    throw bad(`annexes must be an integer from 0 to ${MAX_ORIGINATE_ANNEXES}`);
  }
  if (o.test !== undefined && typeof o.test !== 'boolean') throw bad('test must be true or false');
  return {
    destinationOffice, destinationUnit: dir3(o, 'destinationUnit'), originOffice: dir3(o, 'originOffice'), summary,
    annexes: o.annexes as number | undefined, test: o.test as boolean | undefined,
  };
}

let example: RegistryEntry | undefined;

function exampleEntry(): RegistryEntry {
  example ??= JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'registry-entry.json'), 'utf8')) as RegistryEntry;
  return structuredClone(example);
}

function annexOf(n: number): Annex {
  const bytes = Buffer.from(`Documento ${n} enviado por el simulador SIR (ficticio).\n`, 'utf8');
  return {
    fileName: `documento-${n}.txt`, mimeType: 'text/plain', validity: 'copy', documentType: 'attachment',
    sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes.toString('base64'),
  };
}

export interface BuiltEnvio {
  xml: string;
  exchangeId: string;
  registryNumber: string;
}

/** The ENVÍO for checked options, sequence number `seq` (1 to {@link MAX_SEQUENCE}), registered at `now`. */
export function buildEnvio(o: OriginateOptions, seq: number, now: Date): BuiltEnvio {
  const origin = o.originOffice ?? DEFAULT_ORIGIN_OFFICE;
  const exchangeId = `${origin}_${madridStamp(now).slice(2, 4)}_${String(seq).padStart(8, '0')}`;
  const registryNumber = `SIM-IN/${seq}`;
  const entry = exampleEntry();
  // A second back: pasarela refuses a registry date in the future, and clocks tick between calls.
  entry.origin = { office: origin, officeName: 'Oficina de origen (simulador SIR)', registryNumber, registryDate: new Date(now.getTime() - 1000).toISOString() };
  entry.destination = { office: o.destinationOffice ?? '', ...(o.destinationUnit === undefined ? {} : { unit: o.destinationUnit }) };
  if (o.summary !== undefined) entry.subject.summary = o.summary;
  entry.annexes = Array.from({ length: o.annexes ?? 1 }, (_, i) => annexOf(i + 1));
  entry.control = { ...entry.control, exchangeId, test: o.test ?? true };
  try {
    return { xml: toSicresXml(entry, exchangeId), exchangeId, registryNumber };
  } catch (e) {
    throw isPasarelaError(e) ? bad(e.problems.map((p) => p.message).join('; ') || e.message) : e;
  }
}

/** The exchange id of a given fichero, read without trusting it to parse; '' when there is none. */
export function exchangeIdOf(xml: string): string {
  return /<Identificador_Intercambio>\s*([^<\s]{1,64})\s*<\/Identificador_Intercambio>/.exec(xml)?.[1] ?? '';
}
