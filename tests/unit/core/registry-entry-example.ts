import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Annex, RegistryEntry } from '../../../src/core/registry-entry';

/** Shared by the core tests: a fresh deep copy of the published example body. */
export function exampleEntry(): RegistryEntry {
  const file = path.resolve(__dirname, '..', '..', '..', 'schemas', 'canonical', 'examples', 'registry-entry.json');
  return JSON.parse(readFileSync(file, 'utf8')) as RegistryEntry;
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

/** A mutable view for tests that build invalid values on purpose. */
export type Loose = Record<string, any>;

export function looseExample(): Loose {
  return exampleEntry() as unknown as Loose;
}
