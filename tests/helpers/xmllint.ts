import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The official SIR files, read from ../shared (never copied into the project). */
export const SIR_SPECS = path.resolve(__dirname, '../../..', 'shared', 'specs', 'sir');
export const FICHERO_XSD = path.join(SIR_SPECS, 'sicres3', 'ficheroIntercambio.xsd');
export const MENSAJE_XSD = path.join(SIR_SPECS, 'sicres3', 'mensaje.xsd');

/** Validate with xmllint against the official XSD; a missing ../shared is a failure, never a skip. */
export function xmllint(xml: string, xsd = FICHERO_XSD): { status: number | null; output: string } {
  if (!existsSync(xsd)) throw new Error(`The official XSD is missing at ${xsd}: clone shared/ next to the project`);
  const dir = mkdtempSync(path.join(tmpdir(), 'xmllint-'));
  try {
    const file = path.join(dir, 'fichero.xml');
    writeFileSync(file, xml, 'utf8');
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
