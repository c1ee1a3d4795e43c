import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** The official SICRES 3 fichero XSD, read from ../shared (never copied into the project). */
export const FICHERO_XSD = path.resolve(__dirname, '../../../../..', 'shared', 'specs', 'sir', 'sicres3', 'ficheroIntercambio.xsd');

/** Validate with xmllint against the official XSD; a missing ../shared is a failure, never a skip. */
export function xmllint(xml: string, xsd = FICHERO_XSD): { status: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'sim-sir-'));
  try {
    const file = path.join(dir, 'fichero.xml');
    writeFileSync(file, xml, 'utf8');
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
