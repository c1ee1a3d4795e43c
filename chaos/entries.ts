import { readFileSync } from 'node:fs';
import { projectPath } from '../src/core/paths';
import type { RegistryEntry } from '../src/core/registry-entry';

/**
 * The chaos run's entries: the published example (schemas/canonical/examples, read at run time
 * so the run follows the schema), each with its own registry number, which is how the
 * accounting recognises an entry at the simulator. 19 characters with a 6-character run id: the schema allows 20.
 */
export function registryNumberOf(runId: string, index: number): string {
  return `CHAOS-${runId}-${String(index).padStart(6, '0')}`;
}

/** JSON bodies by index, built on demand from one parsed example. */
export function entryBodies(runId: string): (index: number) => string {
  const example = JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'registry-entry.json'), 'utf8')) as RegistryEntry;
  return (index) => {
    const entry = structuredClone(example);
    entry.origin.registryNumber = registryNumberOf(runId, index);
    return JSON.stringify(entry);
  };
}
