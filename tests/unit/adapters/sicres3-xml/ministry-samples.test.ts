import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { sicres3Xml } from '../../../../adapters/sicres3-xml';
import { checkRegistryEntry } from '../../../../src/core/check-registry-entry';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import { projectPath } from '../../../../src/core/paths';
import type { DecodedMessage, IntakeMeta } from '../../../../src/core/plugin';
import type { RegistryEntry } from '../../../../src/core/registry-entry';
import { createSchemaRegistry } from '../../../../src/core/schemas';

/**
 * The Ministry's sample ficheros (shared/specs/sir/samples/alsigm, read in place, never copied;
 * located as tests/conformance/sir-rc-pr.test.ts does). The cases the test plan accepts are
 * valid for SIR reception; posted to intake each decodes or is refused with coded problems only.
 */

const SAMPLES = projectPath('..', 'shared', 'specs', 'sir', 'samples', 'alsigm');
const CASES = path.join(SAMPLES, 'SIR-RC-PR');
const META: IntakeMeta = { tenant: 'L02000023', contentType: 'application/xml', mediaType: 'application/xml', system: 'registro', batch: false };
const logger = pino({ enabled: false });

/** What the mapping may report for a fichero SIR reception accepts (e.g. SIGEM's SHA-1 Hash). */
const CODED_PROBLEMS = new Set(['SICRES_NOT_AN_ENVIO', 'hash-not-sha256', 'invalid-hash', 'missing', 'unknown-code']);

function acceptedCases(): string[] {
  const index = path.join(CASES, 'INDEX.md');
  if (!existsSync(index)) throw new Error(`The Ministry's SIR-RC-PR cases are missing: ${index} not found. Clone the shared/ folder next to the project.`);
  return readFileSync(index, 'utf8').split('\n')
    .map((line) => line.split('|').map((c) => c.trim()))
    .filter((cells) => /^SIR-RC-PR-\d{3}$/.test(cells[1] ?? '') && cells[2] === 'accept (store, send ACK)')
    .map((cells) => cells[1])
    .filter((id) => existsSync(path.join(CASES, `${id}-1.xml`)));
}

type Outcome = { messages: DecodedMessage[] } | { error: PasarelaError };

function decodeFile(file: string): Outcome {
  try {
    return { messages: sicres3Xml.decode(readFileSync(file), META, { config: {}, logger }) };
  } catch (e) {
    if (isPasarelaError(e)) return { error: e };
    throw e;
  }
}

const caseFile = (id: string) => path.join(CASES, `SIR-RC-PR-${id}-1.xml`);
const problemCodes = (o: Outcome) => ('error' in o ? o.error.problems.map((p) => p.code) : []);

describe('sicres3-xml on the Ministry sample ficheros', () => {
  const accepted = acceptedCases();

  it('finds the accepted reception cases in INDEX.md', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(40);
  });

  it.each(accepted)('%s decodes, or is refused with coded validation problems only', (id) => {
    const outcome = decodeFile(path.join(CASES, `${id}-1.xml`));
    if ('messages' in outcome) {
      expect(outcome.messages).toHaveLength(1);
      expect(outcome.messages[0]).toMatchObject({ type: 'registry-entry', schemaVersion: 1 });
    } else {
      expect(outcome.error.code).toBe('INTAKE_VALIDATION_FAILED');
      expect(outcome.error.problems.length).toBeGreaterThan(0);
      for (const p of outcome.error.problems) {
        expect(CODED_PROBLEMS).toContain(p.code);
        expect(p.pointer.startsWith('/Fichero_Intercambio_SICRES_3/')).toBe(true);
      }
    }
  });

  it('decodes the plain envíos of the plan (RC-001, RC-010, RC-017, RC-029) to entries without an exchange id', () => {
    for (const id of ['001', '010', '017', '029']) {
      const outcome = decodeFile(caseFile(id));
      expect('messages' in outcome && outcome.messages).toHaveLength(1);
      const entry = ('messages' in outcome ? outcome.messages[0].payload : {}) as RegistryEntry;
      expect(entry.control.exchangeId).toBeUndefined();
      expect(entry.origin.registryDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/);
    }
    const first = decodeFile(caseFile('001'));
    expect('messages' in first && first.messages[0].payload).toMatchObject({
      origin: { office: 'O00001223', registryNumber: '110110001', registryDate: '2011-10-03T12:15:35+02:00' },
      destination: { office: 'O00002061' },
      subject: { summary: 'Asunto de Prueba SIR-RC-PR-001' },
    });
  });

  it('decodes envíos with interested parties (RC-118, RC-119, RC-121) to entries that pass the canonical schema and intake\'s checks', () => {
    const schemas = createSchemaRegistry();
    for (const id of ['118', '119', '121']) {
      const outcome = decodeFile(caseFile(id));
      const payload = 'messages' in outcome ? outcome.messages[0].payload : undefined;
      expect(schemas.validatePayload('registry-entry', 1, payload)).toEqual([]);
      expect(checkRegistryEntry(payload as RegistryEntry)).toEqual([]);
    }
  });

  it('refuses the RECHAZO cases, RC-070 and the real rechazo_obtenido.xml, as not an envío', () => {
    expect(problemCodes(decodeFile(caseFile('070')))).toEqual(['SICRES_NOT_AN_ENVIO']);
    expect(problemCodes(decodeFile(path.join(SAMPLES, 'misc', 'rechazo_obtenido.xml')))).toContain('SICRES_NOT_AN_ENVIO');
  });

  it('refuses the SHA-1 Hash SIGEM writes (RC-097): pasarela forwards SHA-256 digests only', () => {
    expect(problemCodes(decodeFile(caseFile('097')))).toEqual(['hash-not-sha256']);
  });
});
