import pino from 'pino';
import { adapters, mediaTypeOf } from '../../adapters';
import { compileSchema } from '../../src/config/ajv';
import { Errors, PasarelaError } from '../../src/core/errors';
import type { DecodedMessage } from '../../src/core/plugin';
import { MESSAGE_TYPES } from '../../src/core/schemas';
import { exampleEntry } from '../helpers/entries';
import { ADAPTER_SAMPLES, sampleFor } from './adapter-samples';
import {
  contractViolations, decodeOutcome, errorViolations, intakeRefusal, intakeViolations, messageListViolations, metaFor, schemas,
} from './adapter-contract';
import { GARBAGE } from './garbage';

/**
 * The same checks over every adapter in `adapters/index.ts`: an adapter registered later is
 * covered without editing this file, once it has a sample in adapter-samples.ts.
 */

const registered = Object.entries(adapters);
const KEBAB_CASE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// semver.org's regular expression, without named groups.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
// RFC 6838 type/subtype names, lower case: no parameters, no spaces.
const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]*\/[a-z0-9][a-z0-9!#$&^_.+-]*$/;
/** Citizen data in every sample (the example entry's people): none of it may reach a log line. */
const CITIZEN_DATA = ['99000001C', 'Y9000002R', 'María', 'Ejemplo', 'maria.ejemplo@example.org', 'Calle Ficticia'];

/** The sample's messages; fails with the error's code and problems if decoding throws. */
function decodeSample(key: string, raw = sampleFor(key).body): DecodedMessage[] {
  const sample = sampleFor(key);
  const outcome = decodeOutcome(adapters[key], raw, metaFor(sample.contentType, sample.batch));
  if ('thrown' in outcome) {
    const e = outcome.thrown as { code?: string; message?: string; problems?: unknown };
    throw new Error(`${key} refused its own sample: ${e.code ?? ''} ${e.message ?? String(e)} ${JSON.stringify(e.problems ?? [])}`);
  }
  return outcome.messages as DecodedMessage[];
}

describe('the adapter registry', () => {
  it('has a conformance sample for every registered adapter, so none goes unchecked', () => {
    const missing = registered.map(([key]) => key).filter((key) => !Object.hasOwn(ADAPTER_SAMPLES, key));
    expect({ adaptersWithoutSample: missing }).toEqual({ adaptersWithoutSample: [] });
  });

  it('holds at least the canonical-json and simple-entry adapters', () => {
    expect(Object.keys(adapters)).toEqual(expect.arrayContaining(['canonical-json', 'simple-entry']));
  });
});

describe.each(registered)('the %s adapter', (key, adapter) => {
  it('is named in kebab-case, exactly as its registry key', () => {
    expect(adapter.name).toMatch(KEBAB_CASE);
    expect(adapter.name).toBe(key);
  });

  it('has a semantic version', () => {
    expect(adapter.version).toMatch(SEMVER);
  });

  it('accepts at least one media type, each lower case and without parameters', () => {
    expect(adapter.accepts.length).toBeGreaterThan(0);
    for (const type of adapter.accepts) {
      expect(type).toMatch(MEDIA_TYPE);
      expect(mediaTypeOf(type)).toBe(type);
    }
  });

  it('produces at least one canonical type, each with a schema in the registry', () => {
    expect(adapter.produces.length).toBeGreaterThan(0);
    for (const type of adapter.produces) {
      expect(MESSAGE_TYPES).toContain(type);
      expect(schemas.schemaFor(type, 1)).toBeDefined();
    }
  });

  it("has a config schema that compiles with the project's ajv and takes an empty block", () => {
    expect(compileSchema(adapter.configSchema)({})).toBe(true);
  });

  it('has a config schema that refuses an unknown setting, so a mistyped one does not go unnoticed', () => {
    expect(compileSchema(adapter.configSchema)({ noSuchSetting: 1 })).toBe(false);
  });

  it('has a sample posted with a media type it accepts', () => {
    expect(adapter.accepts).toContain(mediaTypeOf(sampleFor(key).contentType));
  });

  it("decodes its sample to well-formed messages without problems that intake's own checks accept", () => {
    const messages = decodeSample(key);
    expect(messageListViolations(adapter, messages)).toEqual([]);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.map((m) => m.problems ?? [])).toEqual(messages.map(() => []));
    expect(messages.map(intakeRefusal)).toEqual(messages.map(() => []));
  });

  it('decodes its sample to deep-equal messages twice, without changing the bytes it was given', () => {
    const raw = Buffer.from(sampleFor(key).body);
    const first = decodeSample(key, raw);
    expect(raw.equals(sampleFor(key).body)).toBe(true);
    expect(decodeSample(key, Buffer.from(raw))).toStrictEqual(first);
  });

  it('answers its sample posted to the other endpoint (batch or not) with messages or a catalog error', () => {
    const sample = sampleFor(key);
    expect(contractViolations(adapter, sample.body, metaFor(sample.contentType, !sample.batch))).toEqual([]);
  });

  it('writes no citizen data to the log while decoding its sample, broken or whole', () => {
    const lines: string[] = [];
    const logger = pino({ level: 'trace' }, { write: (line: string) => void lines.push(line) });
    const sample = sampleFor(key);
    for (const raw of [sample.body, ...GARBAGE.map((g) => g.make(sample.body))]) {
      for (const batch of [false, true]) decodeOutcome(adapter, raw, metaFor(sample.contentType, batch), logger);
    }
    expect(lines.filter((line) => CITIZEN_DATA.some((value) => line.includes(value)))).toEqual([]);
  });

  it.each(GARBAGE.map((g) => [g.name, g] as const))('answers %s with messages or a non-retryable catalog error, batch or not', (_name, garbage) => {
    const sample = sampleFor(key);
    const raw = garbage.make(sample.body);
    for (const batch of [false, true]) {
      expect({ batch, violations: contractViolations(adapter, raw, metaFor(sample.contentType, batch)) }).toEqual({ batch, violations: [] });
    }
  });

  it('answers its sample posted with any charset, known, unknown or odd, by the same rule', () => {
    const sample = sampleFor(key);
    for (const charset of ['utf-8', 'UTF-8', '"utf-8"', 'windows-1252', 'iso-8859-1', 'us-ascii', 'utf-16', 'utf-16le', 'x-klingon', '']) {
      const contentType = `${mediaTypeOf(sample.contentType)}; charset=${charset}`;
      for (const batch of [false, true]) {
        expect({ charset, batch, violations: contractViolations(adapter, sample.body, metaFor(contentType, batch)) }).toEqual({ charset, batch, violations: [] });
      }
    }
  });

  it('answers garbage posted with a bare Content-Type (no charset) by the same rule', () => {
    const sample = sampleFor(key);
    const bare = adapter.accepts[0];
    for (const garbage of GARBAGE) {
      expect({ case: garbage.name, violations: contractViolations(adapter, garbage.make(sample.body), metaFor(bare, sample.batch)) })
        .toEqual({ case: garbage.name, violations: [] });
    }
  });
});

describe('the contract checks themselves', () => {
  it('flag an uncoded throw, an unknown code and a retryable error', () => {
    expect(errorViolations(new TypeError('x'))).toEqual(['threw something other than a PasarelaError (TypeError: x)']);
    expect(errorViolations('a string')).toHaveLength(1);
    expect(errorViolations(new PasarelaError({ code: 'NOT_IN_CATALOG', status: 400, retryable: false, title: 'x' }))).toHaveLength(1);
    expect(errorViolations(new PasarelaError(Errors.INTAKE_UNAVAILABLE))).toHaveLength(1);
    expect(errorViolations(new PasarelaError(Errors.INTAKE_INVALID_JSON))).toEqual([]);
  });

  it('keep a message intake refuses with a final catalog error, and flag one its checks throw anything else on', () => {
    const entry = { type: 'registry-entry' as const, schemaVersion: 1, payload: exampleEntry() };
    expect(intakeViolations(entry)).toEqual([]);
    expect(intakeViolations({ ...entry, payload: null })).toEqual([]);
    // A Proxy passes every check but cannot be cloned for the transform's dry run: an uncoded throw.
    expect(intakeViolations({ ...entry, payload: new Proxy(exampleEntry(), {}) })).toEqual([expect.stringContaining('other than a PasarelaError')]);
  });

  it('flag a message of a type the adapter does not produce, or with empty problems', () => {
    const adapter = adapters['canonical-json'];
    expect(messageListViolations(adapter, [{ type: 'sir-control', schemaVersion: 1, payload: {} }]))
      .toContain('message 0: has type sir-control, not one the adapter produces');
    expect(messageListViolations(adapter, [{ type: 'registry-entry', schemaVersion: 1, payload: {}, problems: [] }])).toHaveLength(1);
    expect(messageListViolations(adapter, [{ type: 'registry-entry', schemaVersion: 7, payload: {} }])).toHaveLength(1);
    expect(messageListViolations(adapter, { not: 'an array' })).toHaveLength(1);
  });
});
