import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectPath } from '../../src/core/paths';
import { isDir3Code } from '../../src/core/validators/dir3';
import { parseFichero } from '../../src/sir/parse-fichero';
import { checkFichero, judgeFichero, type Outcome } from '../../src/sir/reception';

/**
 * The Ministry's reception cases SIR-RC-PR (shared/specs/sir/samples/alsigm/SIR-RC-PR, read in
 * place, never copied): every case listed in INDEX.md whose file is present is parsed and judged,
 * and the outcome must be the plan's expectation.
 *
 * INDEX caveats applied:
 * - RC-083/085: the plan's wording of RC-083 is inverted relative to its file; INDEX.md already
 *   states the expectations by file (083 accept: empty Expone, filled Solicita; 085 error).
 * - DIR3: the files use 2011-2014 test offices. The directory stub knows every well-formed code
 *   except the ones below, each derived from the case's description ("code does not exist").
 * - Every office is ours (the destination is the test plan's receiving office).
 * - "Now" is fixed, so the not-in-the-future check does not depend on the clock.
 */

const CASES_DIR = projectPath('..', 'shared', 'specs', 'sir', 'samples', 'alsigm', 'SIR-RC-PR');

/** Well-formed codes the plan uses as "does not exist in DIR3". */
const UNKNOWN_TO_DIR3: Readonly<Record<string, string>> = {
  // RC-014 "Código de la unidad de tramitación de origen": a well-formed unit that is not in DIR3.
  E04443901: 'RC-014 origin unit',
  // RC-026 "Código de la entidad registral de origen": a well-formed office that is not in DIR3.
  O04441182: 'RC-026 origin office',
  // RC-040 "Código de la entidad registral de destino": a well-formed office that is not in DIR3.
  O04441620: 'RC-040 destination office',
  // RC-076 ("Código de la entidad registral de inicio", O03331228) needs no entry: its exchange id
  // does not start with that code, which is an error whatever DIR3 says.
};

const directory = { exists: (code: string) => isDir3Code(code) && !(code in UNKNOWN_TO_DIR3) };
const NOW = new Date('2024-06-01T10:00:00Z');

const EXPECTED: Readonly<Record<string, Outcome>> = {
  'accept (store, send ACK)': 'accept',
  'reject with ERROR message': 'error',
  'processed with errors': 'error',
  'reject, no ERROR message possible': 'drop',
};

interface Case {
  id: string;
  expected: Outcome;
  file: string;
}

function readCases(): Case[] {
  const index = path.join(CASES_DIR, 'INDEX.md');
  if (!existsSync(index)) {
    throw new Error(`The Ministry's SIR-RC-PR cases are missing: ${index} not found. Clone the shared/ folder next to the project.`);
  }
  const cases: Case[] = [];
  for (const line of readFileSync(index, 'utf8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    if (cells.length < 5 || !/^SIR-RC-PR-\d{3}$/.test(cells[1])) continue;
    const expected = EXPECTED[cells[2]];
    if (expected === undefined) throw new Error(`INDEX.md: unknown expectation '${cells[2]}' for ${cells[1]}`);
    cases.push({ id: cells[1], expected, file: path.join(CASES_DIR, `${cells[1]}-1.xml`) });
  }
  return cases.filter((c) => existsSync(c.file));
}

const cases = readCases();

describe('the Ministry reception cases SIR-RC-PR', () => {
  it('are found in INDEX.md with their files', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  it.each(cases.map((c) => [c.id, c.expected, c.file] as const))('%s is judged %s', (_id, expected, file) => {
    const verdict = checkFichero(readFileSync(file), { directory, now: NOW });
    expect({ outcome: verdict.outcome, reasons: verdict.reasons }).toEqual(expect.objectContaining({ outcome: expected }));
    expect(verdict.code).toBe(expected === 'error' ? '0037' : null);
    if (expected === 'accept') expect(verdict.reasons).toEqual([]);
    else expect(verdict.reasons.length).toBeGreaterThan(0);
  });

  it('judges the cases that need a DIR3 answer as accepted when the directory knows the code', () => {
    const permissive = { exists: (code: string) => isDir3Code(code) };
    for (const id of ['014', '026', '040']) {
      const parsed = parseFichero(readFileSync(path.join(CASES_DIR, `SIR-RC-PR-${id}-1.xml`)));
      expect(judgeFichero(parsed, { directory: permissive, now: NOW }).outcome).toBe('accept');
    }
  });

  it('judges RC-076 an error even when DIR3 knows its starting office, as the exchange id does not match it', () => {
    const permissive = { exists: (code: string) => isDir3Code(code) };
    const verdict = checkFichero(readFileSync(path.join(CASES_DIR, 'SIR-RC-PR-076-1.xml')), { directory: permissive, now: NOW });
    expect(verdict).toEqual({ outcome: 'error', code: '0037', reasons: ['Identificador_Intercambio does not start with Codigo_Entidad_Registral_Inicio'] });
  });
});
