import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONTROL, DESTINATION, ORIGIN, sampleFichero } from '../unit/sir/fichero-sample';
import { pasarela } from '../helpers/cli';

/** The sample fichero's destination; the embedded configuration's tenants do not receive for it. */
const SAMPLE_DESTINATION = 'O00067890';
/** An office of the embedded configuration's demo tenant. */
const TENANT_OFFICE = 'O00009001';
/** The DIR3 codes of the sample fichero but its origin unit L01000001. */
const SAMPLE_CODES_BUT_UNIT = ['O00012345', SAMPLE_DESTINATION, TENANT_OFFICE];

describe('pasarela sir check', () => {
  let tmp: string;
  const file = (name: string, content: string) => {
    const p = path.join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  /** The sample's destination as ours, so a test sees only the reasons it is about. */
  let ours: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-sir-'));
    ours = file('ours.txt', `${SAMPLE_DESTINATION}\n`);
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('prints accept and exits 0 for a valid fichero', async () => {
    const r = await pasarela(['sir', 'check', file('ok.xml', sampleFichero())]);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')).toEqual(['{"outcome":"accept","code":null,"reasons":[]}', '']);
  });

  it('prints error with Codigo_Error 0037 and exits 1 for an invalid fichero', async () => {
    const bad = sampleFichero({ control: CONTROL.replace('>02</Tipo_Anotacion>', '>11</Tipo_Anotacion>') });
    const r = await pasarela(['sir', 'check', file('bad.xml', bad)]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({ outcome: 'error', code: '0037', reasons: ["Tipo_Anotacion '11' is not 02, 03 or 04"] });
  });

  it('prints drop and exits 2 for a document that is not a fichero', async () => {
    const r = await pasarela(['sir', 'check', file('mensaje.xml', '<De_Mensaje/>')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'drop', code: null });
  });

  it('prints drop and exits 2 for a file that cannot be read', async () => {
    const r = await pasarela(['sir', 'check', path.join(tmp, 'missing.xml')]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({ outcome: 'drop', code: null, reasons: ['the file cannot be read (ENOENT)'] });
  });

  it('treats codes outside the --dir3 list as unknown to DIR3', async () => {
    const dir3 = file('dir3.txt', '# known codes\nO00012345\nO00067890\n\n');
    const r = await pasarela(['sir', 'check', file('ok2.xml', sampleFichero()), '--dir3', dir3]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons).toEqual(["Codigo_Unidad_Tramitacion_Origen 'L01000001' does not exist in DIR3"]);
  });

  it('treats a destination outside the --own list as not ours', async () => {
    const own = file('own.txt', 'O00011111\n');
    const r = await pasarela(['sir', 'check', file('ok3.xml', sampleFichero()), '--own', own]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).reasons).toEqual(["Codigo_Entidad_Registral_Destino 'O00067890' is not an office this system receives for"]);
  });

  it('without --own takes every office as ours, even with tenants configured', async () => {
    const r = await pasarela(['sir', 'check', file('any.xml', sampleFichero())]);
    expect(JSON.parse(r.stdout)).toEqual({ outcome: 'accept', code: null, reasons: [] });
    expect(r.code).toBe(0);
  });

  it('exits 3 with a message when a code list cannot be read', async () => {
    const r = await pasarela(['sir', 'check', file('ok4.xml', sampleFichero()), '--dir3', path.join(tmp, 'nope.txt')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot read a code list');
  });

  it('exits 3 naming the line when a code list holds something that is not a DIR3 code', async () => {
    const r = await pasarela(['sir', 'check', file('ok5.xml', sampleFichero()), '--own', file('typo.txt', 'O00067890\nO0006789\n')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('typo.txt line 2: not a well-formed DIR3 code');
  });

  describe('with a DIR3 directory in the configuration (dir3.file)', () => {
    let env: Record<string, string>;
    beforeAll(() => {
      const dir3 = file('configured-dir3.txt', `# configured\n${SAMPLE_CODES_BUT_UNIT.join('\n')}\n`);
      env = { PASARELA_CONFIG: file('config.yaml', `dir3:\n  file: ${JSON.stringify(dir3)}\n`) };
    });

    it('refuses a code outside it with exit 1 and the 0037 reason', async () => {
      const r = await pasarela(['sir', 'check', file('cfg1.xml', sampleFichero()), '--own', ours], env);
      expect(r.code).toBe(1);
      expect(JSON.parse(r.stdout)).toEqual({ outcome: 'error', code: '0037', reasons: ["Codigo_Unidad_Tramitacion_Origen 'L01000001' does not exist in DIR3"] });
    });

    it('accepts a fichero whose codes it all knows', async () => {
      const known = sampleFichero({
        origin: ORIGIN.replace('L01000001', 'O00012345'), destination: DESTINATION.replace(SAMPLE_DESTINATION, TENANT_OFFICE),
      });
      const r = await pasarela(['sir', 'check', file('cfg2.xml', known)], env);
      expect(JSON.parse(r.stdout)).toEqual({ outcome: 'accept', code: null, reasons: [] });
      expect(r.code).toBe(0);
    });

    it('gives way to --dir3', async () => {
      const wider = file('wider.txt', [...SAMPLE_CODES_BUT_UNIT, 'L01000001'].join('\n'));
      const r = await pasarela(['sir', 'check', file('cfg3.xml', sampleFichero()), '--own', ours, '--dir3', wider], env);
      expect(r.code).toBe(0);
    });

    it('exits 3 naming dir3.file when the configured file is missing', async () => {
      const broken = { PASARELA_CONFIG: file('broken.yaml', `dir3:\n  file: ${JSON.stringify(path.join(tmp, 'gone.txt'))}\n`) };
      const r = await pasarela(['sir', 'check', file('cfg4.xml', sampleFichero()), '--own', ours], broken);
      expect(r.code).toBe(3);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('config/dir3/file: DIR3 code list');
      expect(r.stderr).toContain('gone.txt: cannot be read (ENOENT)');
    });
  });
});
