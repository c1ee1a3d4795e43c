import { Kysely, Migrator } from 'kysely';
import type { Envelope } from '../../../src/core/envelope';
import { createDialect, parseJournalUrl } from '../../../src/journal/dialect';
import type { Journal } from '../../../src/journal/journal';
import { journalMigrations } from '../../../src/journal/migrations';
import type { Actor, Page } from '../../../src/journal/operations';
import { silentLogger } from '../../../src/observability/logger';
import { envelope } from './stores';

/** Shared by the tests of `journal.operations` (operations, replay jobs, migration 009). */

export const ROUTE = 'registry-entry-to-sir';
export const ALICE: Actor = { id: 'op-alice', name: 'alice', role: 'operator' };
export const BOB: Actor = { id: 'op-bob', name: 'bob', role: 'admin' };

export interface MessageSpec {
  route?: string;
  registryNumber?: string | null;
  exchangeId?: string | null;
  /** Fields of the envelope (tenant, type, correlationId, payload…). */
  envelope?: Partial<Envelope>;
}

/** Why a message is parked, as the pipeline would record it. */
export interface Failure {
  code?: string;
  detail?: string;
}

/** A new `received` message; resolves its id. */
export async function received(journal: Journal, spec: MessageSpec = {}): Promise<string> {
  const e = envelope(spec.envelope);
  await journal.insertMessage({ envelope: e, route: spec.route ?? ROUTE, registryNumber: spec.registryNumber, exchangeId: spec.exchangeId });
  return e.id;
}

/** A new message a worker is delivering (first attempt). */
export async function delivering(journal: Journal, spec: MessageSpec = {}): Promise<string> {
  const id = await received(journal, spec);
  await journal.transition(id, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
  return id;
}

/** A new message parked after one delivery attempt, with its evidence. */
export async function parked(journal: Journal, spec: MessageSpec & Failure = {}): Promise<string> {
  const id = await delivering(journal, spec);
  await park(journal, id, spec.route ?? ROUTE, spec);
  return id;
}

/** `n` parked messages, oldest first. */
export async function parkedMany(journal: Journal, n: number, spec: MessageSpec & Failure = {}): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await parked(journal, spec));
  return ids;
}

/** Park `messageId` (null: evidence of an undecodable delivery) on `route`; resolves the evidence id. */
export async function park(journal: Journal, messageId: string | null, route: string, f: Failure = {}): Promise<string> {
  const result = await journal.park({
    messageId, route, code: f.code ?? 'SIR_REJECTED', detail: f.detail ?? 'SIR refused the fichero', attempts: 1, body: '{}', bodyEncoding: 'json',
  });
  if (!result.parked) throw new Error(`message ${messageId} was not parked`);
  return result.parkedId!;
}

/** The ids of the replays made from `id`, oldest first. */
export async function replaysOf(journal: Journal, id: string): Promise<string[]> {
  const detail = await journal.operations.messageDetail(id);
  if (!detail) throw new Error(`no message ${id}`);
  return detail.replays.map((r) => r.id);
}

/** An ISO instant `ms` from now (negative: in the past). */
export function fromNow(ms: number): string {
  return new Date(Date.now() + ms).toISOString();
}

/**
 * Resolves once the clock has moved to the next millisecond, so the next timestamp the journal
 * writes is strictly later than every one written so far (timestamps have millisecond precision).
 */
export async function nextMillisecond(): Promise<void> {
  const now = Date.now();
  while (Date.now() === now) await new Promise((resolve) => setImmediate(resolve));
}

/** Every page of a paginated listing, following `nextCursor` from the first page to the last. */
export async function allPages<T>(list: (cursor: string | undefined) => Promise<Page<T>>): Promise<Page<T>[]> {
  const pages: Page<T>[] = [];
  let cursor: string | undefined;
  do {
    const page = await list(cursor);
    pages.push(page);
    cursor = page.nextCursor ?? undefined;
  } while (cursor !== undefined && pages.length < 1000);
  return pages;
}

/** A fresh store brought to the schema of migration `name` (e.g. `008-key-grants`), as an older release left it. */
export async function atMigration(url: string, name: string): Promise<Kysely<unknown>> {
  const target = parseJournalUrl(url);
  const db = new Kysely<unknown>({ dialect: createDialect(target, silentLogger()) });
  const migrator = new Migrator({ db, provider: { getMigrations: async () => journalMigrations(target.kind) } });
  const { error } = await migrator.migrateTo(name);
  if (error !== undefined) throw error;
  return db;
}
