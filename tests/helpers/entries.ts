import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/core/paths';
import type { Annex, RegistryEntry } from '../../src/core/registry-entry';

/** A fresh deep copy of the published example body (schemas/canonical/examples). */
export function exampleEntry(): RegistryEntry {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'registry-entry.json'), 'utf8')) as RegistryEntry;
}

/** An annex whose sha256 matches its content. */
export function textAnnex(fileName: string, content: string | Buffer, extra: Partial<Annex> = {}): Annex {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  return {
    fileName,
    documentType: 'attachment',
    sha256: createHash('sha256').update(bytes).digest('hex'),
    content: bytes.toString('base64'),
    ...extra,
  };
}
