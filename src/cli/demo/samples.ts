import { readFileSync } from 'node:fs';
import { projectPath } from '../../core/paths';
import type { RegistryEntry } from '../../core/registry-entry';

/** The documented example, varied into `n` distinct entries (registry number and subject). */
export function demoEntries(n: number, stamp = Date.now()): RegistryEntry[] {
  const example = JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'registry-entry.json'), 'utf8')) as RegistryEntry;
  return Array.from({ length: n }, (_, i) => {
    const entry = structuredClone(example);
    entry.origin.registryNumber = `DEMO-E-${String(stamp).slice(-8)}-${i + 1}`;
    entry.subject.summary = `${example.subject.summary} (demo ${i + 1} of ${n})`.slice(0, 240);
    return entry;
  });
}
