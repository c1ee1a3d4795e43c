import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import type { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { MessageType } from './envelope';
import type { FieldProblem } from './errors';
import { projectPath } from './paths';
import { addPasarelaFormats } from './validators/formats';

/**
 * The canonical schema registry: every `schemas/canonical/<name>.v<N>.json` file is read and
 * compiled once, when the registry is created; validation afterwards only runs compiled code.
 */
export interface SchemaRegistry {
  /** Problems of an envelope (its payload is only checked to be an object). Empty = valid. */
  validateEnvelope(value: unknown): FieldProblem[];
  /**
   * Problems of a payload against `<type>.v<schemaVersion>.json`; pointers are relative to the
   * payload. An unknown type or version gives one `SCHEMA_UNKNOWN_TYPE` problem.
   */
  validatePayload(type: string, schemaVersion: number, value: unknown): FieldProblem[];
  /** The schema document for a payload type and version, or undefined. Treat it as read-only. */
  schemaFor(type: string, version: number): object | undefined;
}

export interface SchemaRegistryOptions {
  /** Folder holding the schema files. @defaultValue `projectPath('schemas', 'canonical')` */
  dir?: string;
}

/** Payload types the registry serves, as named in their files. */
export const MESSAGE_TYPES: readonly MessageType[] = ['registry-entry', 'sir-control', 'notification', 'expediente-status'];

/** At most this many problems are reported for one value (hostile input can produce thousands). */
export const MAX_PROBLEMS = 100;

const SCHEMA_FILE_RE = /^([a-z][a-z0-9-]*)\.v([1-9][0-9]{0,3})\.json$/;
const ENVELOPE = 'envelope';
const ENVELOPE_VERSION = 1;

interface Compiled {
  schema: object;
  validate: ValidateFunction;
}

/** A new Ajv instance with the options and formats every canonical schema is compiled with. */
export function createCanonicalAjv(): Ajv2020 {
  const ajv = new Ajv2020({
    strict: true, allErrors: true, coerceTypes: false, useDefaults: false, removeAdditional: false,
  });
  addFormats(ajv);
  return addPasarelaFormats(ajv);
}

function readSchemas(dir: string): Map<string, object> {
  const byKey = new Map<string, object>();
  for (const file of readdirSync(dir).sort()) {
    const m = SCHEMA_FILE_RE.exec(file);
    if (!m) continue;
    byKey.set(key(m[1], Number(m[2])), JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as object);
  }
  return byKey;
}

function key(name: string, version: number): string {
  return `${name}@${version}`;
}

/**
 * Reads and compiles every canonical schema. Throws (at start-up) if a schema file is not
 * valid JSON or not a valid strict-mode schema, or if `envelope.v1.json` is missing.
 */
export function createSchemaRegistry(options: SchemaRegistryOptions = {}): SchemaRegistry {
  const schemas = readSchemas(options.dir ?? projectPath('schemas', 'canonical'));
  const ajv = createCanonicalAjv();
  // Add all first so schemas may $ref each other by $id, then compile.
  for (const schema of schemas.values()) ajv.addSchema(schema);
  const compiled = new Map<string, Compiled>();
  for (const [k, schema] of schemas) compiled.set(k, { schema, validate: ajv.compile(schema) });
  const envelope = compiled.get(key(ENVELOPE, ENVELOPE_VERSION));
  if (!envelope) throw new Error(`${ENVELOPE}.v${ENVELOPE_VERSION}.json not found among the canonical schemas`);

  const payloadEntry = (type: string, version: number): Compiled | undefined =>
    typeof type === 'string' && (MESSAGE_TYPES as readonly string[]).includes(type) && Number.isInteger(version)
      ? compiled.get(key(type, version))
      : undefined;

  return {
    validateEnvelope: (value) => run(envelope.validate, value),
    validatePayload(type, schemaVersion, value) {
      const entry = payloadEntry(type, schemaVersion);
      if (!entry) {
        return [{ pointer: '', code: 'SCHEMA_UNKNOWN_TYPE', message: 'No schema is known for this message type and version.' }];
      }
      return run(entry.validate, value);
    },
    schemaFor: (type, version) => payloadEntry(type, version)?.schema,
  };
}

function run(validate: ValidateFunction, value: unknown): FieldProblem[] {
  try {
    return validate(value) ? [] : toFieldProblems(validate.errors ?? []);
  } catch {
    // Only reachable with values JSON cannot produce (e.g. throwing getters); never crash intake.
    return [{ pointer: '', code: 'SCHEMA_UNREADABLE', message: 'The value could not be validated.' }];
  }
}

/**
 * Ajv errors -> stable, deduplicated field problems whose messages never echo the value.
 * `if` errors are dropped: the failing `then` keyword already says what is wrong.
 */
export function toFieldProblems(errors: readonly ErrorObject[], limit = MAX_PROBLEMS): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const error of errors) {
    if (error.keyword === 'if') continue;
    const problem = toFieldProblem(error);
    const id = `${problem.pointer}\u0000${problem.code}`;
    if (seen.has(id)) continue;
    seen.add(id);
    problems.push(problem);
    if (problems.length >= limit) break;
  }
  return problems;
}

function toFieldProblem(error: ErrorObject): FieldProblem {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
    case 'dependentRequired': {
      const missing = String(p.missingProperty);
      return { pointer: child(error.instancePath, missing), code: codeOf(error.keyword), message: requiredMessage(error, missing) };
    }
    case 'additionalProperties':
      return { pointer: child(error.instancePath, String(p.additionalProperty)), code: codeOf(error.keyword), message: 'This property is not allowed.' };
    case 'format':
      return { pointer: error.instancePath, code: `SCHEMA_FORMAT_${upperSnake(String(p.format))}`, message: formatMessage(String(p.format)) };
    default:
      return { pointer: error.instancePath, code: codeOf(error.keyword), message: keywordMessage(error) };
  }
}

function child(pointer: string, property: string): string {
  return `${pointer}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`;
}

function codeOf(keyword: string): string {
  return `SCHEMA_${upperSnake(keyword)}`;
}

function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/[^A-Za-z0-9]+/g, '_').toUpperCase();
}

function requiredMessage(error: ErrorObject, missing: string): string {
  if (error.keyword === 'dependentRequired') {
    return `The property "${missing}" is required when "${String((error.params as { property: unknown }).property)}" is present.`;
  }
  return `The property "${missing}" is required.`;
}

const FORMAT_MESSAGES: Record<string, string> = {
  nif: 'Must be a NIF with a correct check letter.',
  nie: 'Must be a NIE with a correct check letter.',
  cif: 'Must be a CIF with a correct control character.',
  dir3: 'Must be a DIR3 code: an upper-case letter and 8 upper-case letters or digits.',
  'exchange-id': 'Must be an exchange id: <DIR3 office>_<yy>_<8 digits>.',
  'sha256-hex': 'Must be a SHA-256 digest in 64 lower-case hex digits.',
  base64: 'Must be canonical base64 without whitespace.',
  'date-time': 'Must be an existing date and time with an offset (RFC 3339).',
  email: 'Must be an e-mail address.',
  'eni-expediente-id': 'Must be an ENI expediente identifier: ES_<DIR3>_<year>_EXP_<1 to 30 letters or digits>.',
};

function formatMessage(format: string): string {
  return Object.prototype.hasOwnProperty.call(FORMAT_MESSAGES, format) ? FORMAT_MESSAGES[format] : `Must match the format ${format}.`;
}

function keywordMessage(error: ErrorObject): string {
  const p = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'type': return `Must be of type ${String(p.type)}.`;
    case 'maxLength': return `Must be at most ${String(p.limit)} characters long.`;
    case 'minLength': return p.limit === 1 ? 'Must not be empty.' : `Must be at least ${String(p.limit)} characters long.`;
    case 'maxItems': return `Must have at most ${String(p.limit)} items.`;
    case 'minItems': return `Must have at least ${String(p.limit)} items.`;
    case 'minimum': case 'maximum': case 'exclusiveMinimum': case 'exclusiveMaximum':
      return `Must be ${String(p.comparison)} ${String(p.limit)}.`;
    case 'enum': return `Must be one of: ${(p.allowedValues as unknown[]).map(String).join(', ')}.`;
    case 'const': return 'Must be the one allowed value.';
    case 'pattern': return 'Does not have the required shape, or contains characters that are not allowed.';
    default: return 'Does not satisfy the schema.';
  }
}
