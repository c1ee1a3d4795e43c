import type { FieldProblem } from '../../src/core/errors';
import type { RegistryEntry } from '../../src/core/registry-entry';
import { MAX_PROBLEMS } from '../../src/core/schemas';

/**
 * The simple-entry form, field by field, and its mapping to the canonical registry entry. This
 * file checks only what the form itself defines (which fields exist, which are required, that
 * they are strings, the document types); formats and lengths (DIR3 codes, NIF check letters,
 * dates, SICRES maximum lengths) are checked by intake against the canonical schema, the same
 * for every adapter. Values are passed on unchanged: never trimmed, re-cased or cut.
 */

/** Document types of a natural person; the form has no company name, so no CIF. */
export const DOCUMENT_TYPES = ['NIF', 'NIE', 'PASSPORT', 'OTHER'] as const;

/** The person who filled in the form (the interested party). */
export interface SimpleEntryApplicant {
  documentType: (typeof DOCUMENT_TYPES)[number];
  /** Upper case, no separators (`99000001C`); NIF and NIE check letters are verified by intake. */
  documentNumber: string;
  name: string;
  firstSurname: string;
  secondSurname?: string;
  email?: string;
}

/** One web form submission: one registry entry (entrada) already registered by the office. */
export interface SimpleEntry {
  /** DIR3 code of the registry office that registered the entry (`O00009001`). */
  office: string;
  /** DIR3 code of the unit it was registered for (`origin.unit`; needed by keys bound to units). */
  unit?: string;
  /** Registry number the office gave it (at most 20 characters). */
  registryNumber: string;
  /** When it was registered: RFC 3339 with offset (`2026-03-05T10:15:30+01:00`). */
  registryDate: string;
  /** DIR3 code of the destination registry office. */
  destinationOffice: string;
  /** DIR3 code of the destination unit. @defaultValue the config's `defaultDestinationUnit`, else none */
  destinationUnit?: string;
  /** Summary (extracto), at most 240 characters. */
  summary: string;
  /** What the applicant states, at most 4000 characters. */
  expone: string;
  /** What the applicant requests, at most 4000 characters. */
  solicita: string;
  applicant: SimpleEntryApplicant;
}

/** The `adapters.simple-entry` block of the configuration. */
export interface SimpleEntryConfig {
  /** DIR3 code used as `destination.unit` when a form has no `destinationUnit`. @defaultValue none */
  defaultDestinationUnit?: string;
}

const TOP_REQUIRED = ['office', 'registryNumber', 'registryDate', 'destinationOffice', 'summary', 'expone', 'solicita'] as const;
const TOP_OPTIONAL = ['unit', 'destinationUnit'] as const;
const APPLICANT_REQUIRED = ['documentType', 'documentNumber', 'name', 'firstSurname'] as const;
const APPLICANT_OPTIONAL = ['secondSurname', 'email'] as const;

type Json = Record<string, unknown>;

/**
 * Read one form at JSON pointer `at` (`''` for a single body, `/3` for item 3 of a batch). The
 * form when it can be mapped; otherwise every problem found, pointing at the form's own fields.
 * Messages never quote the values; at most `MAX_PROBLEMS` (100) are listed.
 */
export function readForm(value: unknown, at: string): { form?: SimpleEntry; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  if (!isObject(value)) return { problems: [problem(at, 'SCHEMA_TYPE', 'Must be of type object.')] };
  unknownFields(value, [...TOP_REQUIRED, ...TOP_OPTIONAL, 'applicant'], at, problems);
  const top = readStrings(value, TOP_REQUIRED, TOP_OPTIONAL, at, problems);
  const applicant = readApplicant(value.applicant, `${at}/applicant`, problems);
  if (problems.length > 0) return { problems: problems.slice(0, MAX_PROBLEMS) };
  return { form: { ...(top as Omit<SimpleEntry, 'applicant'>), applicant: applicant as unknown as SimpleEntryApplicant }, problems };
}

function readApplicant(value: unknown, at: string, problems: FieldProblem[]): Record<string, string> {
  if (isBlank(value)) {
    problems.push(problem(at, 'SCHEMA_REQUIRED', 'The property "applicant" is required.'));
    return {};
  }
  if (!isObject(value)) {
    problems.push(problem(at, 'SCHEMA_TYPE', 'Must be of type object.'));
    return {};
  }
  unknownFields(value, [...APPLICANT_REQUIRED, ...APPLICANT_OPTIONAL], at, problems);
  const fields = readStrings(value, APPLICANT_REQUIRED, APPLICANT_OPTIONAL, at, problems);
  if (fields.documentType !== undefined && !(DOCUMENT_TYPES as readonly string[]).includes(fields.documentType)) {
    problems.push(problem(`${at}/documentType`, 'SCHEMA_ENUM', `Must be one of: ${DOCUMENT_TYPES.join(', ')}.`));
  }
  return fields;
}

/** The form mapped to a canonical entrada: no annexes, no paper documentation, not a test. */
export function toRegistryEntry(form: SimpleEntry, config: SimpleEntryConfig): RegistryEntry {
  const unit = form.destinationUnit ?? config.defaultDestinationUnit;
  const a = form.applicant;
  return {
    origin: { office: form.office, ...(form.unit !== undefined && { unit: form.unit }), registryNumber: form.registryNumber, registryDate: form.registryDate },
    destination: { office: form.destinationOffice, ...(unit !== undefined && { unit }) },
    interested: [{
      interested: {
        documentType: a.documentType, documentNumber: a.documentNumber, name: a.name, firstSurname: a.firstSurname,
        ...(a.secondSurname !== undefined && { secondSurname: a.secondSurname }),
        ...(a.email !== undefined && { email: a.email }),
      },
    }],
    subject: { summary: form.summary },
    form: { expone: form.expone, solicita: form.solicita },
    annexes: [],
    control: { registryType: 'entrada', physicalDocumentation: 'none', test: false },
  };
}

/**
 * The string fields present. A web form sends its empty inputs as `""` (or `null`): a blank
 * value counts as absent, so an empty optional input is dropped and an empty required one is
 * reported as missing.
 */
function readStrings(obj: Json, required: readonly string[], optional: readonly string[], at: string, problems: FieldProblem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of [...required, ...optional]) {
    const v = Object.hasOwn(obj, key) ? obj[key] : undefined;
    if (isBlank(v)) {
      if (required.includes(key)) problems.push(problem(`${at}/${key}`, 'SCHEMA_REQUIRED', `The property "${key}" is required.`));
    } else if (typeof v !== 'string') {
      problems.push(problem(`${at}/${key}`, 'SCHEMA_TYPE', 'Must be of type string.'));
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** A field the form does not have is refused rather than silently dropped (it may be a typo). */
function unknownFields(obj: Json, known: readonly string[], at: string, problems: FieldProblem[]): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key)) problems.push(problem(`${at}/${escapePointer(key)}`, 'SCHEMA_ADDITIONAL_PROPERTIES', 'This property is not allowed.'));
  }
}

function isBlank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function problem(pointer: string, code: string, message: string): FieldProblem {
  return { pointer, code, message };
}
