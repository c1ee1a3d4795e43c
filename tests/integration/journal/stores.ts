import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { createTestDatabase } from '../../helpers/postgres';

/** One empty journal store; `dispose` removes it. */
export interface Store {
  url: string;
  dispose(): Promise<void>;
}

async function sqliteStore(): Promise<Store> {
  const dir = mkdtempSync(path.join(tmpdir(), 'pasarela-journal-'));
  return { url: `sqlite:${path.join(dir, 'journal.db')}`, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
}

async function postgresStore(): Promise<Store> {
  const db = await createTestDatabase();
  return { url: db.url, dispose: db.drop };
}

/** The two backends every journal behaviour is checked on, for `describe.each`. */
export const BACKENDS: Array<[string, () => Promise<Store>]> = [
  ['SQLite', sqliteStore],
  ['PostgreSQL', postgresStore],
];

/** A migrated journal on a fresh store, closed and removed by `dispose`. */
export async function freshJournal(fresh: () => Promise<Store>): Promise<{ journal: Journal; store: Store; dispose(): Promise<void> }> {
  const store = await fresh();
  const journal = createJournal(store.url);
  await journal.migrate();
  return {
    journal,
    store,
    dispose: async () => {
      await journal.close();
      await store.dispose();
    },
  };
}

/** A registry-entry envelope for tenant L01280796 with its own Idempotency-Key unless told otherwise. */
export function envelope(overrides: Partial<Envelope> = {}): Envelope {
  const e = createEnvelope({
    type: 'registry-entry',
    schemaVersion: 1,
    tenant: 'L01280796',
    source: { system: 'registro-municipal', adapter: 'json@1' },
    idempotencyKey: `key-${randomUUID()}`,
    payload: { subject: 'Solicitud de licencia de obra' },
  });
  return { ...e, ...overrides };
}

export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
