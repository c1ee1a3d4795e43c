import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../src/core/paths';
import { CONTROL, sampleFichero } from '../unit/sir/fichero-sample';

/** Runs the built CLI (`npm run build` first) as an operator would. */
function pasarela(args: string[]) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile('node', [projectPath('bin', 'pasarela.js'), ...args], { cwd: projectPath() }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('pasarela sir check', () => {
  let tmp: string;
  const file = (name: string, content: string) => {
    const p = path.join(tmp, name);
    writeFileSync(p, content);
    return p;
  };
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-sir-'));
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

  it('exits 3 with a message when a code list cannot be read', async () => {
    const r = await pasarela(['sir', 'check', file('ok4.xml', sampleFichero()), '--dir3', path.join(tmp, 'nope.txt')]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('cannot read a code list');
  });
});
